//! The demonstration store: the synthetic Cao Bằng 2025 portfolio with one account per role,
//! and Cao Bằng's July 2025 monitoring with that month's findings recorded.

use std::path::Path;

use super::accounts::{departments, random_password, set_account, Role};
use super::department::vietnamese_name_unaccented;
use super::ServerOptions;
use crate::datasets::{
    cao_bang_2025, cao_bang_disbursement_2025_at, cao_bang_monitoring_policy,
    load_cao_bang_monitoring_2025,
};
use crate::error::Result;
use crate::monitoring::digest::department_key;
use crate::monitoring::{Context, Monitor};
use crate::scenario::Owner;

/// The month whose findings the demonstration store records (the July 2025 meeting).
pub const DEMO_DIGEST_MONTH: &str = "2025-07";

/// A demonstration account and its (random) password, printed when the demo starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub name: String,
    pub role: Role,
    pub investor: Option<String>,
    /// The department of a department account.
    pub department: Option<String>,
    pub password: String,
}

/// Investors given a demo account: those with the most projects (large enough to be ranked).
const DEMO_INVESTORS: usize = 3;

/// Writes the synthetic Cao Bằng 2025 portfolio to a new store at `path` with demonstration
/// accounts (an administrator, the Treasury, the three investors with the most projects,
/// every department named in the recorded month's findings, the Office of the People's
/// Committee and the leaders' account `chutich`, of the leader role: the read-only `viewer`
/// account `lanhdao` that stood for the leaders before that role existed is no longer made),
/// each with a fresh random password, and Cao Bằng's July 2025 monitoring
/// ([`crate::datasets::cao_bang_monitoring_2025`]) with the findings of
/// [`DEMO_DIGEST_MONTH`] recorded under the example's policy and scenario (recorded here, so
/// that the digest page only reads).
///
/// # Errors
/// What [`crate::disbursement::Tracker::create`] and the imports return (a `path` that already holds another
/// plan year's store, say).
pub fn write_demo_store(path: &Path) -> Result<Vec<DemoAccount>> {
    let mut m = Monitor::from_tracker(cao_bang_disbursement_2025_at(path)?);
    load_cao_bang_monitoring_2025(&mut m)?;
    let options = ServerOptions::default().with_cao_bang_example()?;
    let cx = Context {
        scenario: options.scenario.as_ref(),
        as_of: None,
    };
    let found = m.record(DEMO_DIGEST_MONTH.parse()?, &options.policy, &cx)?;
    let t = &mut m.tracker();
    let investors = t.investors_by_projects(DEMO_INVESTORS)?;
    // The departments the month's findings name (a finding about an investor names it, not a
    // department of the monitoring tables).
    let departments: Vec<String> = departments(t)?
        .into_iter()
        .filter(|d| {
            let key = department_key(d);
            found
                .findings
                .iter()
                .any(|f| department_key(&f.responsible) == key)
        })
        .collect();
    let mut out = Vec::new();
    let mut add = |name: &str, role: Role, binding: Option<&str>| -> Result<()> {
        let password = random_password(14)?;
        let a = set_account(t, name, role, binding, &password, "grdpsim demo")?;
        out.push(DemoAccount {
            name: name.into(),
            role,
            investor: a.investor,
            department: a.department,
            password,
        });
        Ok(())
    };
    add("stc.admin", Role::Admin, None)?;
    add("kbnn", Role::Treasury, None)?;
    for code in &investors {
        let name: String = code
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        add(&name, Role::Investor, Some(code))?;
    }
    for d in &departments {
        add(&demo_account_name(d), Role::Department, Some(d))?;
    }
    add("vp.ubnd", Role::Office, None)?;
    add("chutich", Role::Leader, None)?;
    Ok(out)
}

/// A department's demonstration account: the initials of its Vietnamese name without accents
/// (`sct` for `Sở Công Thương / Department of Industry and Trade`).
pub fn demo_account_name(department: &str) -> String {
    vietnamese_name_unaccented(department)
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

impl ServerOptions {
    /// These options with the Cao Bằng example's scenario ([`crate::datasets::cao_bang_2025`])
    /// and warning policy ([`crate::datasets::cao_bang_monitoring_policy`]) for the digest
    /// page: what serving the demonstration store uses. The published scenario names no
    /// owners, so each sector with a target is assigned to the department the policy holds
    /// responsible for it (`[responsible]`: industry to Industry and Trade, the total to
    /// Finance, ...), and each department's page shows its sector targets.
    ///
    /// # Errors
    /// What those two return (none in practice: their data is fixed).
    pub fn with_cao_bang_example(mut self) -> Result<Self> {
        let policy = cao_bang_monitoring_policy()?;
        let scenario = cao_bang_2025()?;
        let targeted: std::collections::BTreeSet<String> =
            scenario.targets().into_iter().map(|t| t.sector).collect();
        let owners = policy
            .responsible
            .iter()
            .filter(|(sector, _)| targeted.contains(sector.as_str()))
            .map(|(sector, department)| Owner::new(sector, department));
        self.scenario = Some(scenario.with_owners(owners)?);
        self.policy = policy;
        Ok(self)
    }
}
