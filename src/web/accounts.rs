//! Accounts, roles and sessions of the tracking page (the log-in's rate limit and its bound on
//! verifications at once are [`super::login`]'s).
//!
//! Passwords are stored as Argon2id PHC strings (memory-hard; the `RustCrypto` `argon2` crate's
//! defaults: 19 MiB, 2 passes); a session is a random 256-bit token held by the browser in an
//! `HttpOnly; SameSite=Strict` cookie and stored in the database only as its SHA-256, so a copy
//! of the database does not let anyone in. Each session carries its own CSRF token.

use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::password_hash::PasswordHasher;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sha2::{Digest, Sha256};

use super::catalog::Msg;
use super::catalog_loop::LoopMsg;
use crate::disbursement::Tracker;
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;
use crate::monitoring::digest::department_key;
use crate::store::accounts::{self as stored, AccountRow};

/// What an account may do on the tracking page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Finance Department (Sở Tài chính) administrator: manages investors, projects, plans and
    /// accounts; may correct any figure.
    Admin,
    /// An investor (chủ đầu tư): sees and updates only its own projects.
    Investor,
    /// The State Treasury (Kho bạc Nhà nước): enters its payments, sees the reconciliation.
    Treasury,
    /// A reader of the dashboards (read-only), as before the leader's own role.
    Viewer,
    /// A department (sở, ngành): its indicators, monthly reports, tasks and findings only.
    Department,
    /// The Office of the People's Committee (Văn phòng UBND): creates, assigns and closes
    /// tasks, sees every finding.
    Office,
    /// A leader (Chủ tịch, Phó Chủ tịch UBND): reads everything, posts nothing; the digest is
    /// its home page.
    Leader,
}

impl Role {
    /// Every role, in the order the administration page lists them.
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Investor,
        Role::Treasury,
        Role::Viewer,
        Role::Department,
        Role::Office,
        Role::Leader,
    ];

    /// Reads a role's code ([`Role::as_str`]).
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        let code = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == code)
            .ok_or_else(|| GrdpsimError::UnknownOption {
                option: "role".into(),
                value: s.into(),
                expected: Self::ALL.map(Self::as_str).join(", "),
            })
    }

    /// The code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Investor => "investor",
            Self::Treasury => "treasury",
            Self::Viewer => "viewer",
            Self::Department => "department",
            Self::Office => "office",
            Self::Leader => "leader",
        }
    }

    /// The role's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Admin => Msg::FinanceDepartmentAdministrator.text(lang),
            Self::Investor => Msg::Investor.text(lang),
            Self::Treasury => Msg::StateTreasury.text(lang),
            Self::Viewer => Msg::LeaderReadOnly.text(lang),
            Self::Department => LoopMsg::DepartmentRole.text(lang),
            Self::Office => LoopMsg::OfficeRole.text(lang),
            Self::Leader => LoopMsg::LeaderRole.text(lang),
        }
    }

    /// Whether the role may post nothing at all (a leader): every form refuses it.
    pub fn reads_only(self) -> bool {
        self == Self::Leader
    }
}

/// An account of the tracking page (never its password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// The investor's code, for an investor account (and only for one).
    pub investor: Option<String>,
    /// The department as the monitoring tables write it, for a department account (and only
    /// for one).
    pub department: Option<String>,
}

impl Account {
    /// Whether the account may read the project (or investor page) of `investor`.
    pub fn may_read(&self, investor: &str) -> bool {
        self.role != Role::Investor || self.investor.as_deref() == Some(investor)
    }

    /// Whether the account may write the investor's own figures (weekly reports, obstacles,
    /// responsible persons) of a project of `investor`.
    pub fn may_write_investor_figures(&self, investor: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Investor => self.investor.as_deref() == Some(investor),
            Role::Treasury | Role::Viewer | Role::Department | Role::Office | Role::Leader => false,
        }
    }
}

/// The shortest password an account may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b)
        .map_err(|e| GrdpsimError::io_message("operating system random source", e.to_string()))?;
    Ok(b)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A random token, 256 bits, hex.
pub(crate) fn random_token() -> Result<String> {
    Ok(hex(&random_bytes::<32>()?))
}

/// A random password of `len` characters from an alphabet without look-alikes (demo accounts).
///
/// # Errors
/// [`GrdpsimError::Io`] if the operating system's random source fails.
pub fn random_password(len: usize) -> Result<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for b in random_bytes::<32>()? {
            // 216 = 4 * 54: rejection keeps the draw uniform.
            if b < 216 && out.len() < len {
                out.push(ALPHABET[usize::from(b) % ALPHABET.len()] as char);
            }
        }
    }
    Ok(out)
}

fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

fn hash_password(password: &str) -> Result<String> {
    let hash: PasswordHash = Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &random_bytes::<16>()?)
        .map_err(|e| GrdpsimError::invalid_argument("password", e.to_string()))?;
    Ok(hash.to_string())
}

/// Checks `password` against a stored PHC string (false for a malformed one), hashing in
/// `memory` (resized to the hash's parameters and kept for the next call). Each call with a
/// well-formed hash is one Argon2 verification (19 MiB, tens of milliseconds): call it only
/// through [`super::login::LoginGate`], which bounds how many run at once and lends each one
/// of its few buffers, so that memory is not allocated afresh per log-in (the allocator's
/// per-thread arenas then keep hundreds of MiB).
pub(crate) fn password_matches(password: &str, phc: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let (Ok(params), Ok(algorithm), Ok(version)) = (
        Params::try_from(&hash),
        Algorithm::try_from(hash.algorithm.as_str()),
        hash.version
            .map_or(Ok(Version::default()), Version::try_from),
    ) else {
        return false;
    };
    super::login::count_verification();
    memory.resize(params.block_count(), Block::default());
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, &mut memory[..])
        .is_ok()
        // Output's comparison takes constant time.
        && Output::new(&out).is_ok_and(|o| o == expected)
}

/// A hash no password matches, verified for unknown account names so that a log-in takes as
/// long whether or not the name exists.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy: no account has this").unwrap_or_default())
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

fn to_account(row: AccountRow) -> Result<Account> {
    Ok(Account {
        name: row.name,
        role: Role::parse(&row.role)?,
        investor: row.investor,
        department: row.department,
    })
}

/// The departments a department account may be bound to: those the store's indicators and
/// tasks name, one spelling each (the fullest: `Sở Công Thương / Department of Industry and
/// Trade` rather than `Sở Công thương`), by name.
///
/// # Errors
/// [`GrdpsimError::Database`] if `SQLite` fails.
pub fn departments(tracker: &Tracker) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for d in stored::departments(&tracker.store())? {
        let key = department_key(&d);
        match out.iter_mut().find(|o| department_key(o) == key) {
            Some(o) if d.chars().count() > o.chars().count() => *o = d,
            Some(_) => {}
            None => out.push(d),
        }
    }
    Ok(out)
}

/// The store's department that `name` names (however its case and spaces are typed, or by its
/// Vietnamese name alone), as [`departments`] writes it.
fn known_department(tracker: &Tracker, name: &str) -> Result<String> {
    let key = department_key(name);
    departments(tracker)?
        .into_iter()
        .find(|d| department_key(d) == key)
        .ok_or_else(|| {
            GrdpsimError::invalid_argument(
                "department",
                format!("{name:?} is not a department of this store's indicators or tasks"),
            )
        })
}

/// Creates the account `name` or replaces its role, binding and password; recorded in the
/// audit trail under `who` (the password hash is never written there). `binding` is the
/// investor's code of an investor account, the department of a department account (as the
/// store's indicators and tasks name it, see [`departments`]; stored in their spelling), and
/// `None` for the other roles.
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] for a name other than letters, digits and `._-@` (1 to
/// 64), a password shorter than [`MIN_PASSWORD_CHARS`], an investor account without an
/// investor known to the store, a department account without a department known to it, or
/// another role with a binding.
/// [`GrdpsimError::Database`] if `SQLite` fails.
pub fn set_account(
    tracker: &mut Tracker,
    name: &str,
    role: Role,
    binding: Option<&str>,
    password: &str,
    who: &str,
) -> Result<Account> {
    if !valid_name(name) {
        return Err(GrdpsimError::invalid_argument(
            "name",
            format!("{name:?}: use 1 to 64 letters, digits and . _ - @"),
        ));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(GrdpsimError::invalid_argument(
            "password",
            format!("at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    let binding = binding.map(str::trim).filter(|i| !i.is_empty());
    let (investor, department) = match (role, binding) {
        (Role::Investor, None) => {
            return Err(GrdpsimError::invalid_argument(
                "investor",
                "an investor account names its investor",
            ))
        }
        (Role::Investor, Some(code)) => {
            let known = stored::investor_exists(&tracker.store(), code)?;
            if !known {
                return Err(GrdpsimError::invalid_argument(
                    "investor",
                    format!("{code:?} is not an investor of this store"),
                ));
            }
            (Some(code.to_owned()), None)
        }
        (Role::Department, None) => {
            return Err(GrdpsimError::invalid_argument(
                "department",
                "a department account names its department",
            ))
        }
        (Role::Department, Some(d)) => (None, Some(known_department(tracker, d)?)),
        (_, Some(code)) => {
            return Err(GrdpsimError::invalid_argument(
                "investor",
                format!(
                    "only an investor or a department account names an investor or a \
                     department ({code:?} given)"
                ),
            ))
        }
        (_, None) => (None, None),
    };
    let phc = hash_password(password)?;
    let account = Account {
        name: name.to_owned(),
        role,
        investor,
        department,
    };
    let row = AccountRow {
        name: account.name.clone(),
        role: role.as_str().to_owned(),
        investor: account.investor.clone(),
        department: account.department.clone(),
    };
    stored::put_account(&mut tracker.store(), &row, &phc, who)?;
    Ok(account)
}

/// Every account, by name.
///
/// # Errors
/// [`GrdpsimError::Database`] if `SQLite` fails.
pub fn accounts(tracker: &Tracker) -> Result<Vec<Account>> {
    stored::accounts(&tracker.store())?
        .into_iter()
        .map(to_account)
        .collect()
}

/// The account `name` and its password hash, if it exists.
pub(crate) fn account_with_hash(
    tracker: &Tracker,
    name: &str,
) -> Result<Option<(Account, String)>> {
    stored::account_with_hash(&tracker.store(), name)?
        .map(|(a, h)| Ok((to_account(a)?, h)))
        .transpose()
}

/// How long a session lasts without a new log-in.
pub const SESSION_HOURS: u64 = 12;

fn expiry_from_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + SESSION_HOURS * 3600;
    // Stored as seconds since the epoch, zero-padded so that text order is time order.
    format!("{secs:012}")
}

fn now_secs() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{secs:012}")
}

/// A new session of `account`: the token for the cookie and the session's CSRF token.
pub(crate) fn open_session(tracker: &mut Tracker, account: &str) -> Result<(String, String)> {
    let token = random_token()?;
    let csrf = random_token()?;
    let digest = sha256_hex(&token);
    stored::open_session(
        &mut tracker.store(),
        &digest,
        account,
        &csrf,
        &now_secs(),
        &expiry_from_now(),
    )?;
    Ok((token, csrf))
}

/// The account and CSRF token of a live session.
pub(crate) fn session(tracker: &Tracker, token: &str) -> Result<Option<(Account, String)>> {
    stored::session(&tracker.store(), &sha256_hex(token), &now_secs())?
        .map(|(a, c)| Ok((to_account(a)?, c)))
        .transpose()
}

/// Ends a session (log-out).
pub(crate) fn close_session(tracker: &mut Tracker, token: &str) -> Result<()> {
    stored::close_session(&mut tracker.store(), &sha256_hex(token))
}

#[cfg(test)]
mod tests {
    use super::{hash_password, password_matches};

    /// A hash written by another implementation (Python's argon2-cffi 25.1,
    /// `PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash("mật khẩu 2025")`),
    /// in the PHC format the stores keep: accounts made before argon2 0.6, or by another tool,
    /// still log in, and nothing else does.
    const FOREIGN: &str = "$argon2id$v=19$m=19456,t=2,p=1$BwTuj/EaB4KtxQv7wcYaEw$\
                           Cg6obbCXkp6c1zauYyAhjS31RsnAC3tWFUCb47b6IgQ";

    #[test]
    fn a_hash_from_another_implementation_verifies_its_password_only() {
        let mut memory = Vec::new();
        assert!(password_matches("mật khẩu 2025", FOREIGN, &mut memory));
        assert!(!password_matches("mật khẩu 2024", FOREIGN, &mut memory));
        assert!(!password_matches(
            "mật khẩu 2025",
            "$argon2id$v=19$garbled",
            &mut memory
        ));
    }

    #[test]
    fn our_hashes_are_salted_phc_strings_that_verify() {
        let (a, b) = (hash_password("x").unwrap(), hash_password("x").unwrap());
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "two hashes of one password share no salt");
        let mut memory = Vec::new();
        assert!(password_matches("x", &a, &mut memory) && password_matches("x", &b, &mut memory));
        assert!(!password_matches("y", &a, &mut memory));
    }
}
