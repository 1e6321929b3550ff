//! One slot of a figure per project, kept while the payments are walked in their key order
//! (schema version 10: source, week, project, capital source): a week's rows come in project
//! order, so each row's project is found by walking the projects' codes, read once in order,
//! not by hashing its code ([`super::totals::position`]).

use std::collections::HashMap;

use rusqlite::Connection;

/// Each stored project's `T`, by its place among the projects' codes (as `SQLite` orders
/// text), and that of a project not stored (its rows written with foreign keys off) by code.
pub(crate) struct ProjectSlots<T> {
    codes: Vec<String>,
    slots: Vec<T>,
    others: HashMap<String, T>,
    /// Where the last project was found: the walk goes on from there.
    at: usize,
}

impl<T: Default + Clone> ProjectSlots<T> {
    /// Every stored project with a default `T`: one read of the projects' codes in order.
    ///
    /// # Errors
    /// The `SQLite` error, if the read fails.
    pub(crate) fn read(conn: &Connection) -> rusqlite::Result<Self> {
        let codes: Vec<String> = conn
            .prepare_cached("SELECT code FROM projects ORDER BY code")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Self {
            slots: vec![T::default(); codes.len()],
            codes,
            others: HashMap::new(),
            at: 0,
        })
    }

    /// Every slot back to its default.
    pub(crate) fn reset(&mut self) {
        self.slots.fill(T::default());
        self.others.clear();
        self.at = 0;
    }

    /// The slot of the project `code`.
    pub(crate) fn of(&mut self, code: &str) -> &mut T {
        match super::totals::position(&self.codes, &mut self.at, code) {
            Some(i) => &mut self.slots[i],
            None => self.others.entry(code.to_owned()).or_default(),
        }
    }

    /// Every project's code and slot: the stored ones in code order, then the others.
    pub(crate) fn into_entries(self) -> impl Iterator<Item = (String, T)> {
        self.codes.into_iter().zip(self.slots).chain(self.others)
    }
}
