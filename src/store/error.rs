//! The store's errors as the crate's: a `SQLite` error keeps its code (busy, corrupt, …) in
//! [`GrdpsimError::Database`], so that only the store and the domain modules know `rusqlite`.

use crate::error::{DbErrorCode, GrdpsimError};

impl DbErrorCode {
    /// The code of a rusqlite error.
    pub(crate) fn of(e: &rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Self::Busy,
            Some(C::DatabaseCorrupt) => Self::Corrupt,
            Some(C::NotADatabase) => Self::NotADatabase,
            Some(C::DiskFull) => Self::DiskFull,
            Some(C::ReadOnly | C::PermissionDenied) => Self::ReadOnly,
            Some(C::CannotOpen) => Self::CannotOpen,
            Some(C::ConstraintViolation) => Self::Constraint,
            Some(C::SystemIoFailure) => Self::Io,
            _ => Self::Other,
        }
    }
}

impl GrdpsimError {
    /// The database at `path` refused an operation with `e`; the `SQLite` error code is kept.
    pub(crate) fn database(path: impl std::fmt::Display, e: &rusqlite::Error) -> Self {
        Self::Database {
            path: path.to_string(),
            message: e.to_string(),
            code: DbErrorCode::of(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::{DbErrorCode, ErrorKind, GrdpsimError};

    #[test]
    fn busy_and_corrupt_databases_are_told_apart() {
        use rusqlite::Connection;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "CREATE TABLE t (x TEXT); \
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) \
                 INSERT INTO t SELECT hex(randomblob(500)) FROM n;",
            )
            .unwrap();
        writer.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let other = Connection::open(&path).unwrap();
        other.busy_timeout(std::time::Duration::ZERO).unwrap();
        let busy = other.execute("INSERT INTO t VALUES ('y')", []).unwrap_err();
        let busy = GrdpsimError::database(path.display(), &busy);
        assert!(
            matches!(
                busy,
                GrdpsimError::Database {
                    code: DbErrorCode::Busy,
                    ..
                }
            ),
            "{busy:?}"
        );
        writer.execute_batch("ROLLBACK").unwrap();
        drop((writer, other));

        // Garbage over the table's pages (page 1, the schema, is left whole).
        let mut bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > 8192, "{} bytes", bytes.len());
        for b in &mut bytes[4096..] {
            *b = 0xA5;
        }
        std::fs::write(&path, &bytes).unwrap();
        let reader = Connection::open(&path).unwrap();
        let corrupt = reader
            .query_row("SELECT count(*), max(x) FROM t", [], |r| r.get::<_, i64>(0))
            .unwrap_err();
        let corrupt = GrdpsimError::database(path.display(), &corrupt);
        assert!(
            matches!(
                corrupt,
                GrdpsimError::Database {
                    code: DbErrorCode::Corrupt,
                    ..
                }
            ),
            "{corrupt:?}"
        );
        assert_eq!(corrupt.kind(), ErrorKind::Database);
    }
}
