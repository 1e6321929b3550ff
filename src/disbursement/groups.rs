//! The store's projects grouped for a status: each project's code, sorted, and the group it
//! counts in (itself, its investor, its capital source or the province), read in one pass
//! over the projects with no `String` a project beyond its code; and the investors' figures
//! read from the kept aggregates per investor, without reading the projects' rows.

use std::collections::HashMap;

use super::{Level, Tracker};
use crate::date::Date;
use crate::error::Result;
use crate::store::investor_totals::{paid_by_investor, plans_by_investor, projects_by_investor};
use crate::store::totals::position;

/// The projects of the store and their groups at one [`Level`].
pub(super) struct Groups {
    /// Every project's code, sorted (the key the aligned reads take).
    pub codes: Vec<String>,
    /// The group of each project of `codes`: an index into `keys`.
    pub of: Vec<usize>,
    /// Each group's key and name, sorted by key.
    pub keys: Vec<(String, String)>,
}

impl Tracker {
    /// The store's projects and their groups at `level`.
    pub(super) fn groups(&self, level: Level) -> Result<Groups> {
        let store = self.store();
        let sql = match level {
            Level::Project => "SELECT code, code, name FROM projects",
            Level::Investor => "SELECT code, investor, '' FROM projects",
            Level::CapitalSource => "SELECT code, capital_source, capital_source FROM projects",
            Level::Province => "SELECT code, 'province', '' FROM projects",
        };
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<(String, String)> = Vec::new();
        let mut members: Vec<(String, usize)> = store.query_rows(sql, [], |r| {
            let key = r.get_ref(1)?.as_str()?;
            let group = if let Some(g) = index.get(key) {
                *g
            } else {
                index.insert(key.to_owned(), keys.len());
                keys.push((key.to_owned(), r.get(2)?));
                keys.len() - 1
            };
            Ok((r.get(0)?, group))
        })?;
        match level {
            Level::Investor => {
                let names: Vec<(String, String)> =
                    store.query_tuples("SELECT code, name FROM investors", [])?;
                for (code, name) in names {
                    if let Some(g) = index.get(&code) {
                        keys[*g].1 = name;
                    }
                }
            }
            Level::Province => {
                for key in &mut keys {
                    key.1.clone_from(&self.province);
                }
            }
            Level::Project | Level::CapitalSource => {}
        }
        members.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // The groups in key order, and each project's group renumbered to match.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_unstable_by(|a, b| keys[*a].0.cmp(&keys[*b].0));
        let mut renumbered = vec![0; keys.len()];
        for (new, old) in order.iter().enumerate() {
            renumbered[*old] = new;
        }
        let mut sorted: Vec<(String, String)> = vec![(String::new(), String::new()); keys.len()];
        for (old, key) in keys.into_iter().enumerate() {
            sorted[renumbered[old]] = key;
        }
        let (codes, of) = members
            .into_iter()
            .map(|(code, g)| (code, renumbered[g]))
            .unzip();
        Ok(Groups {
            codes,
            of,
            keys: sorted,
        })
    }
}

/// Every investor with projects, by code, with the four figures of its status row (plan in
/// force and paid on the as-of date, then on the date before) from the kept aggregates per
/// investor (`store/investor_totals.rs`): a few rows an investor, whatever its projects' weeks.
pub(super) struct InvestorSums {
    /// Each investor's code and name.
    pub keys: Vec<(String, String)>,
    /// How many projects each has.
    pub projects: Vec<usize>,
    /// Plan, paid, plan before, paid before.
    pub figures: Vec<[f64; 4]>,
}

impl Tracker {
    /// The investors' figures on `as_of` and on `since` ([`InvestorSums`]); without `since`
    /// (a ranking, which compares no two dates) the figures before are 0 and not read.
    pub(super) fn investor_sums(&self, since: Option<Date>, as_of: Date) -> Result<InvestorSums> {
        let store = self.store();
        let conn = store.connection();
        let db = |e: rusqlite::Error| store.error(&e);
        // Kept by triggers on the projects: one row an investor, in investor order.
        let counted = projects_by_investor(conn).map_err(db)?;
        let codes: Vec<&str> = counted.iter().map(|(c, _)| c.as_str()).collect();
        let mut keys: Vec<(String, String)> = counted
            .iter()
            .map(|(c, _)| (c.clone(), String::new()))
            .collect();
        // In the table's order (a scan, no seek a row); `position` finds a code out of order.
        let mut at = 0;
        store.query_rows::<(), ()>("SELECT code, name FROM investors", [], |r| {
            if let Some(i) = position(&codes, &mut at, r.get_ref(0)?.as_str()?) {
                keys[i].1 = r.get(1)?;
            }
            Ok(())
        })?;
        let days: Vec<String> = std::iter::once(as_of)
            .chain(since)
            .map(|d| d.to_string())
            .collect();
        let mut figures = vec![[0.0; 4]; codes.len()];
        let mut at = 0;
        for (investor, plan) in plans_by_investor(conn, &days).map_err(db)? {
            if let Some(i) = position(&codes, &mut at, &investor) {
                // Plan on as_of, then (with since) plan before.
                for (column, x) in [0, 2].into_iter().zip(plan) {
                    figures[i][column] = x;
                }
            }
        }
        for (column, day) in [1, 3].into_iter().zip(&days) {
            let mut at = 0;
            for (investor, paid) in paid_by_investor(conn, self.source.as_str(), day).map_err(db)? {
                if let Some(i) = position(&codes, &mut at, &investor) {
                    figures[i][column] = paid;
                }
            }
        }
        Ok(InvestorSums {
            keys,
            projects: counted.iter().map(|(_, n)| *n).collect(),
            figures,
        })
    }
}
