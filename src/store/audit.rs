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

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Transaction};

use super::import::{render, render_into, Stamp};
use super::AuditRow;

/// From how many changes an import's audit is one packed row.
pub(crate) const PACK_FROM: usize = 256;

/// How many audit rows one statement writes.
const ROWS_PER_STATEMENT: usize = 128;

/// An import's changes, held until [`AuditBatch::render`]: each change's values borrowed from
/// the import's records (the old values, read from the store, owned), rendered only when the
/// batch is (issue 27: a week's file rendered straight into its packed row, apart from the
/// payments' writes).
pub(crate) struct AuditBatch<'r> {
    changes: Vec<Change<'r>>,
}

/// One change: the table changed, the row's key, its old values (None for a new row) and its
/// new values.
struct Change<'r> {
    table: &'static str,
    key: &'r [Value],
    old: Option<Vec<Value>>,
    new: &'r [Value],
}

/// An [`AuditBatch`] rendered, ready to write: one packed row of every change, or a row each.
pub(crate) enum AuditRows {
    /// The tables changed (sorted, joined by `,`) and the changes' packed JSON.
    Packed(String, String),
    /// Table, key, old values, new values, each as [`render`] shows them.
    Each(Vec<(&'static str, String, Option<String>, String)>),
}

impl<'r> AuditBatch<'r> {
    pub(crate) fn new() -> Self {
        Self {
            changes: Vec::new(),
        }
    }

    /// How many changes the batch holds.
    pub(crate) fn len(&self) -> usize {
        self.changes.len()
    }

    /// Adds a change: the table changed, the row's key, its old values (None for a new row)
    /// and its new values.
    pub(crate) fn push(
        &mut self,
        table: &'static str,
        key: &'r [Value],
        old: Option<Vec<Value>>,
        new: &'r [Value],
    ) {
        self.changes.push(Change {
            table,
            key,
            old,
            new,
        });
    }

    /// The changes as the audit rows that record them: one packed row from [`PACK_FROM`]
    /// changes on, else a row each. Needs no connection: an import renders a large batch on
    /// another thread while it writes the payments.
    ///
    /// # Errors
    /// If the packed JSON cannot be written.
    pub(crate) fn render(&self) -> serde_json::Result<AuditRows> {
        if self.changes.len() < PACK_FROM {
            return Ok(AuditRows::Each(
                self.changes
                    .iter()
                    .map(|c| {
                        let old = c.old.as_deref().map(render);
                        (c.table, render(c.key), old, render(c.new))
                    })
                    .collect(),
            ));
        }
        let mut tables: Vec<&str> = self.changes.iter().map(|c| c.table).collect();
        tables.sort_unstable();
        tables.dedup();
        Ok(AuditRows::Packed(tables.join(","), self.pack()?))
    }

    /// The packed JSON: `[table, key, old, new]` a change, each value rendered into one
    /// reused string and written escaped, as `serde_json` writes strings, straight into the
    /// array (no string a change).
    fn pack(&self) -> serde_json::Result<String> {
        let mut out: Vec<u8> = Vec::with_capacity(self.changes.len() * 64);
        let mut text = String::with_capacity(64);
        let mut string = |out: &mut Vec<u8>, values: &[Value]| {
            text.clear();
            render_into(&mut text, values);
            serde_json::to_writer(out, text.as_str())
        };
        out.push(b'[');
        for (i, c) in self.changes.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"[" } else { b",[" });
            serde_json::to_writer(&mut out, c.table)?;
            out.push(b',');
            string(&mut out, c.key)?;
            out.push(b',');
            match &c.old {
                Some(old) => string(&mut out, old)?,
                None => out.extend_from_slice(b"null"),
            }
            out.push(b',');
            string(&mut out, c.new)?;
            out.push(b']');
        }
        out.push(b']');
        // Every piece is valid UTF-8 (JSON of Rust strings): never an error.
        String::from_utf8(out).map_err(|e| serde_json::Error::io(std::io::Error::other(e)))
    }
}

impl AuditRows {
    /// Writes the rows with `stamp`.
    ///
    /// # Errors
    /// If `SQLite` fails.
    pub(crate) fn write(&self, tx: &Transaction<'_>, stamp: &Stamp<'_>) -> rusqlite::Result<()> {
        match self {
            Self::Packed(tables, packed) => {
                tx.prepare_cached(
                    "INSERT INTO audit (at, who, file, entity, key, old, new)
                     VALUES (?1, ?2, ?3, ?4, '', NULL, ?5)",
                )?
                .execute(rusqlite::params![
                    stamp.at, stamp.who, stamp.file, tables, packed
                ])?;
            }
            Self::Each(changes) => {
                for chunk in changes.chunks(ROWS_PER_STATEMENT) {
                    let mut st = tx.prepare_cached(&insert_rows(chunk.len()))?;
                    let stamp = [stamp.at, stamp.who, stamp.file].map(Some);
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
            }
        }
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

    /// A large batch's packed row is the JSON `serde_json` writes of its changes as strings
    /// (the stored format, which [`unpack`] and `json_each` read), texts that need escaping
    /// included, and reads back as the same changes; a small batch is a row each.
    #[test]
    fn a_packed_batch_is_the_stored_format_and_reads_back_as_its_changes() {
        let text = |s: &str| Value::Text(s.to_owned());
        let keys: Vec<Vec<Value>> = (0..PACK_FROM)
            .map(|i| {
                vec![
                    text("treasury"),
                    text(&format!("P\"{i}\\\n\u{1}đ")),
                    Value::Integer(i64::try_from(i).unwrap()),
                    Value::Null,
                ]
            })
            .collect();
        let new = vec![Value::Real(12.5), text("x|y")];
        let mut batch = AuditBatch::new();
        let mut expected = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let old = (i % 2 == 1).then(|| vec![Value::Real(-0.25), Value::Null]);
            expected.push((
                if i % 3 == 0 { "payments" } else { "projects" },
                render(key),
                old.as_deref().map(render),
                render(&new),
            ));
            batch.push(expected[i].0, key, old, &new);
        }
        let Ok(AuditRows::Packed(tables, packed)) = batch.render() else {
            panic!("a batch of PACK_FROM changes is packed");
        };
        assert_eq!(tables, "payments,projects");
        assert_eq!(packed, serde_json::to_string(&expected).unwrap());
        let mut stored = row("", None, &packed);
        stored.entity = tables;
        let changes = unpack(stored);
        assert_eq!(changes.len(), PACK_FROM);
        for (c, (table, key, old, new)) in changes.iter().zip(&expected) {
            assert_eq!(
                (c.entity.as_str(), &c.key, &c.old, c.new.as_deref()),
                (*table, key, old, Some(new.as_str()))
            );
        }
        // The keys hold what JSON escapes: a quote, a backslash, a newline, a control character.
        assert!(
            ['"', '\\', '\n', '\u{1}']
                .iter()
                .all(|c| expected[1].1.contains(*c)),
            "{}",
            expected[1].1
        );

        let mut small = AuditBatch::new();
        small.push("payments", &keys[0], None, &new);
        let Ok(AuditRows::Each(rows)) = small.render() else {
            panic!("a small batch is a row each");
        };
        assert_eq!(rows, vec![expected[0].clone()]);
    }

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
