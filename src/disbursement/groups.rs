//! The store's projects grouped for a status: each project's code, sorted, and the group it
//! counts in (itself, its investor, its capital source or the province), read in one pass
//! over the projects with no `String` a project beyond its code.

use std::collections::HashMap;

use super::{Level, Tracker};
use crate::error::Result;

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
