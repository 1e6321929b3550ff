//! The tracking web page's accounts and sessions as stored (schema version 3): rows in, rows
//! out, each change in the audit trail. Roles, password hashing and session tokens are the web
//! page's ([`crate::web`]); this module holds its SQL, so that nothing outside the store and
//! the domain modules speaks it.

use rusqlite::params;

use super::{audit_at, now_utc, Store};
use crate::error::Result;

/// An account as stored: its name, role (`admin`, `investor`, `treasury`, `viewer`,
/// `department`, `office`, `leader`), the investor an investor account names and the
/// department a department account names (as the monitoring tables write it; schema 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub name: String,
    pub role: String,
    pub investor: Option<String>,
    pub department: Option<String>,
}

/// The columns [`account_row`] reads, in its order.
const ACCOUNT_COLUMNS: &str = "a.name, a.role, a.investor, a.department";

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
    Ok(AccountRow {
        name: r.get(0)?,
        role: r.get(1)?,
        investor: r.get(2)?,
        department: r.get(3)?,
    })
}

/// The departments the monitoring tables name (an indicator's or a task's), as written, by
/// name: those a department account may be bound to.
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn departments(store: &Store) -> Result<Vec<String>> {
    store.query_rows(
        "SELECT department FROM indicators UNION SELECT department FROM tasks ORDER BY 1",
        [],
        |r| r.get(0),
    )
}

/// Whether the store has the investor `code`.
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn investor_exists(store: &Store, code: &str) -> Result<bool> {
    Ok(store
        .query_opt(
            "SELECT EXISTS (SELECT 1 FROM investors WHERE code = ?1)",
            [code],
            |r| r.get(0),
        )?
        .unwrap_or(false))
}

/// Creates the account or replaces its role, investor and password hash, ending its sessions;
/// the audit trail records `who`, the role, investor and department before and after (never
/// the hash).
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails (a role the schema does not know, an
/// investor account without an investor, a department account without a department).
pub fn put_account(
    store: &mut Store,
    account: &AccountRow,
    password_hash: &str,
    who: &str,
) -> Result<()> {
    let investor = account.investor.as_deref();
    let department = account.department.as_deref();
    let new = format!(
        "{}|{}|{}",
        account.role,
        investor.unwrap_or(""),
        department.unwrap_or("")
    );
    store.write(|tx| {
        let old: Option<String> = rusqlite::OptionalExtension::optional(tx.query_row(
            "SELECT role || '|' || coalesce(investor, '') || '|' || coalesce(department, '')
             FROM accounts WHERE name = ?1",
            [&account.name],
            |r| r.get(0),
        ))?;
        tx.execute(
            "INSERT INTO accounts (name, role, investor, department, password_hash, created)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (name) DO UPDATE SET role = ?2, investor = ?3, department = ?4,
                 password_hash = ?5",
            params![
                account.name,
                account.role,
                investor,
                department,
                password_hash,
                now_utc()
            ],
        )?;
        // A new role or password ends the account's sessions.
        tx.execute("DELETE FROM sessions WHERE account = ?1", [&account.name])?;
        audit_at(
            tx,
            &now_utc(),
            who,
            "web",
            "accounts",
            &account.name,
            old.as_deref(),
            Some(&format!("{new} (password set)")),
        )
    })
}

/// Every account, by name.
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn accounts(store: &Store) -> Result<Vec<AccountRow>> {
    store.query_rows(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.name"),
        [],
        account_row,
    )
}

/// The account `name` and its password hash, if it exists.
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn account_with_hash(store: &Store, name: &str) -> Result<Option<(AccountRow, String)>> {
    store.query_opt(
        &format!("SELECT {ACCOUNT_COLUMNS}, a.password_hash FROM accounts a WHERE a.name = ?1"),
        [name],
        |r| Ok((account_row(r)?, r.get::<_, String>(4)?)),
    )
}

/// Stores a session of `account` (its token's SHA-256, its CSRF token, its expiry), removing
/// sessions expired before `now`; the log-in is in the audit trail. Times are seconds since
/// the epoch, zero-padded so that text order is time order.
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn open_session(
    store: &mut Store,
    token_sha256: &str,
    account: &str,
    csrf: &str,
    now: &str,
    expires: &str,
) -> Result<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM sessions WHERE expires < ?1", [now])?;
        tx.execute(
            "INSERT INTO sessions (token_sha256, account, csrf, expires) VALUES (?1, ?2, ?3, ?4)",
            params![token_sha256, account, csrf, expires],
        )?;
        audit_at(
            tx,
            &now_utc(),
            account,
            "web",
            "sessions",
            "log-in",
            None,
            None,
        )
    })
}

/// The account and CSRF token of the session whose token has this SHA-256, if it has not
/// expired at `now`.
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn session(
    store: &Store,
    token_sha256: &str,
    now: &str,
) -> Result<Option<(AccountRow, String)>> {
    store.query_opt(
        &format!(
            "SELECT {ACCOUNT_COLUMNS}, s.csrf FROM sessions s
             JOIN accounts a ON a.name = s.account
             WHERE s.token_sha256 = ?1 AND s.expires >= ?2"
        ),
        params![token_sha256, now],
        |r| Ok((account_row(r)?, r.get::<_, String>(4)?)),
    )
}

/// Ends the session whose token has this SHA-256 (log-out).
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn close_session(store: &mut Store, token_sha256: &str) -> Result<()> {
    store.write(|tx| {
        tx.execute(
            "DELETE FROM sessions WHERE token_sha256 = ?1",
            [token_sha256],
        )
        .map(|_| ())
    })
}
