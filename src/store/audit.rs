//! How an import writes its changes to the audit trail, and how the trail is read back.
//!
//! An import of a few changes writes one `audit` row each (its table, key, old and new values),
//! many to a statement with the stamp bound once. An import of [`PACK_FROM`] changes or more (a
//! week's file for the whole country) writes one row: its stamp, an empty `key` (never a row's
//! natural key, whose columns are required), no `old`, and in `new` the changes in order as a
//! JSON array of `[table, key, old, new]` (old `null` for a new row). [`unpack`] gives such a
//! row back as its changes, so [`super::Store::audit_trail`] lists every change as before: who
//! changed which figure, when, from what to what. In SQL the changes of a packed row read as
//! `SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM audit, json_each(audit.new)
//! WHERE audit.key = ''`.

use rusqlite::{params_from_iter, Transaction};

use super::import::Stamp;
use super::AuditRow;

/// From how many changes an import's audit is one packed row.
pub(crate) const PACK_FROM: usize = 256;

/// How many audit rows one statement writes.
const ROWS_PER_STATEMENT: usize = 128;

/// An import's changes, held until [`AuditBatch::write`].
pub(crate) struct AuditBatch<'a> {
    stamp: &'a Stamp<'a>,
    /// Table, key, old values (None for a new row), new values.
    changes: Vec<(&'static str, String, Option<String>, String)>,
}

impl<'a> AuditBatch<'a> {
    pub(crate) fn new(stamp: &'a Stamp<'a>) -> Self {
        Self {
            stamp,
            changes: Vec::new(),
        }
    }

    /// Adds a change: the table changed, the row's key, its old and new values.
    pub(crate) fn push(
        &mut self,
        table: &'static str,
        key: String,
        old: Option<String>,
        new: String,
    ) {
        self.changes.push((table, key, old, new));
    }

    /// Writes the changes held: one packed row from [`PACK_FROM`] changes on, else a row each.
    ///
    /// # Errors
    /// If `SQLite` fails.
    pub(crate) fn write(&self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        if self.changes.len() >= PACK_FROM {
            return self.write_packed(tx);
        }
        for chunk in self.changes.chunks(ROWS_PER_STATEMENT) {
            let mut st = tx.prepare_cached(&insert_rows(chunk.len()))?;
            let stamp = [self.stamp.at, self.stamp.who, self.stamp.file].map(Some);
            let cells = chunk.iter().flat_map(|(table, key, old, new)| {
                [
                    Some(*table),
                    Some(key.as_str()),
                    old.as_deref(),
                    Some(new.as_str()),
                ]
            });
            st.execute(params_from_iter(stamp.into_iter().chain(cells)))?;
        }
        Ok(())
    }

    fn write_packed(&self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        let mut tables: Vec<&str> = self.changes.iter().map(|c| c.0).collect();
        tables.sort_unstable();
        tables.dedup();
        let packed = serde_json::to_string(&self.changes)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        tx.prepare_cached(
            "INSERT INTO audit (at, who, file, entity, key, old, new)
             VALUES (?1, ?2, ?3, ?4, '', NULL, ?5)",
        )?
        .execute(rusqlite::params![
            self.stamp.at,
            self.stamp.who,
            self.stamp.file,
            tables.join(","),
            packed
        ])?;
        Ok(())
    }
}

/// An insert of `n` audit rows sharing the stamp's three parameters.
fn insert_rows(n: usize) -> String {
    let rows = (0..n)
        .map(|i| {
            let p = 4 + 4 * i;
            format!("(?1, ?2, ?3, ?{}, ?{}, ?{}, ?{})", p, p + 1, p + 2, p + 3)
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("INSERT INTO audit (at, who, file, entity, key, old, new) VALUES {rows}")
}

/// A stored audit row as the changes it records: a packed row's changes in order (each with
/// the row's stamp), any other row as itself.
pub(crate) fn unpack(row: AuditRow) -> Vec<AuditRow> {
    type Change = (String, String, Option<String>, String);
    if !row.key.is_empty() || row.old.is_some() {
        return vec![row];
    }
    let Some(Ok(changes)) = row.new.as_deref().map(serde_json::from_str::<Vec<Change>>) else {
        return vec![row];
    };
    changes
        .into_iter()
        .map(|(entity, key, old, new)| AuditRow {
            at: row.at.clone(),
            who: row.who.clone(),
            file: row.file.clone(),
            entity,
            key,
            old,
            new: Some(new),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, old: Option<&str>, new: &str) -> AuditRow {
        AuditRow {
            at: "2026-12-06T12:00:00Z".into(),
            who: "lan".into(),
            file: "w.csv".into(),
            entity: "payments".into(),
            key: key.into(),
            old: old.map(Into::into),
            new: Some(new.into()),
        }
    }

    #[test]
    fn a_packed_row_reads_as_its_changes_and_any_other_row_as_itself() {
        let packed = row(
            "",
            None,
            r#"[["payments","treasury|P1|2025-01-03",null,"10"],["projects","P2","a|b","a|c"]]"#,
        );
        let changes = unpack(packed);
        assert_eq!(changes.len(), 2);
        assert_eq!(
            (
                changes[0].key.as_str(),
                changes[0].old.as_deref(),
                changes[0].new.as_deref()
            ),
            ("treasury|P1|2025-01-03", None, Some("10"))
        );
        assert_eq!(
            (
                changes[1].entity.as_str(),
                changes[1].old.as_deref(),
                changes[1].who.as_str()
            ),
            ("projects", Some("a|b"), "lan")
        );
        let plain = row("treasury|P1|2025-01-03", Some("5"), "10");
        assert_eq!(unpack(plain.clone()), vec![plain]);
        // An empty key whose new value is not a packed list stays as it is.
        let odd = row("", None, "not json");
        assert_eq!(unpack(odd.clone()), vec![odd]);
    }
}
