//! The demonstration store: the synthetic Cao Bằng 2025 portfolio with one account per role.

use std::path::Path;

use super::accounts::{random_password, set_account, Role};
use crate::datasets::cao_bang_disbursement_2025_at;
use crate::error::Result;

/// A demonstration account and its (random) password, printed when the demo starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub name: String,
    pub role: Role,
    pub investor: Option<String>,
    pub password: String,
}

/// Investors given a demo account: those with the most projects (large enough to be ranked).
const DEMO_INVESTORS: i64 = 3;

/// Writes the synthetic Cao Bằng 2025 portfolio to a new store at `path` with demonstration
/// accounts (an administrator, the Treasury, a leader, and the three investors with the most
/// projects), each with a fresh
/// random password.
///
/// # Errors
/// What [`crate::disbursement::Tracker::create`] and the imports return (a `path` that already holds another
/// plan year's store, say).
pub fn write_demo_store(path: &Path) -> Result<Vec<DemoAccount>> {
    let mut t = cao_bang_disbursement_2025_at(path)?;
    let investors: Vec<String> = {
        let store = t.store();
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut st = store.connection().prepare(
                "SELECT investor FROM projects GROUP BY investor
                     ORDER BY count(*) DESC, investor LIMIT ?1",
            )?;
            let rows = st.query_map([DEMO_INVESTORS], |r| r.get(0))?;
            rows.collect()
        };
        run().map_err(|e| store.error(&e))?
    };
    let mut out = Vec::new();
    let mut add = |name: &str, role: Role, investor: Option<&str>| -> Result<()> {
        let password = random_password(14)?;
        set_account(&mut t, name, role, investor, &password, "grdpsim demo")?;
        out.push(DemoAccount {
            name: name.into(),
            role,
            investor: investor.map(str::to_owned),
            password,
        });
        Ok(())
    };
    add("stc.admin", Role::Admin, None)?;
    add("kbnn", Role::Treasury, None)?;
    add("lanhdao", Role::Viewer, None)?;
    for code in &investors {
        let name: String = code
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        add(&name, Role::Investor, Some(code))?;
    }
    Ok(out)
}
