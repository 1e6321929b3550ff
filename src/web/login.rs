//! The log-in gate: how many password guesses an address may make, and how many Argon2
//! verifications run at once.
//!
//! Policy (the README's web section states it for administrators):
//! - An attempt is counted *before* its password is verified, against two budgets reserved
//!   together under one lock: [`LOGIN_FAILURES_ALLOWED`] per account name from one client
//!   address and [`LOGIN_FAILURES_PER_ADDRESS`] per address over all names, each in a
//!   [`LOGIN_WINDOW`]. Concurrent attempts therefore cannot all pass the check before any of
//!   them is counted: of 50 wrong passwords sent at once, the budget's 5 are verified and the
//!   rest are refused (429) unverified. A successful log-in gives back its own reservation and
//!   clears the account's count at that address.
//! - A locked account is locked against the address that failed, not against its owner: five
//!   wrong passwords from one address stop that address (for that name) for the window, while
//!   the owner logs in from another address as usual. A guesser spread over many addresses gets
//!   five guesses per address and name, and no more verifications at once than below.
//! - At most one verification per core runs at once (Argon2 takes 19 MiB and tens of
//!   milliseconds each); up to [`LOGINS_WAITING`] more wait their turn, and an attempt beyond
//!   that is answered 503 at once, unverified and uncounted. Memory for passwords is therefore
//!   bounded by the cores, whatever the number of clients.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::Block;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::accounts::{self, Account};

/// Failed log-ins allowed per account name from one client address in [`LOGIN_WINDOW`].
pub const LOGIN_FAILURES_ALLOWED: u32 = 5;
/// Failed log-ins allowed per client address in [`LOGIN_WINDOW`] (more than per account: an
/// office behind one address must not lock itself out because one person mistyped).
pub const LOGIN_FAILURES_PER_ADDRESS: u32 = 4 * LOGIN_FAILURES_ALLOWED;
/// The window of the log-in rate limit.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(300);
/// Log-ins that may wait for a verifier while every core verifies one; beyond them a log-in is
/// answered 503 ("busy, try again") without being verified.
pub const LOGINS_WAITING: usize = 32;

static VERIFICATIONS: AtomicU64 = AtomicU64::new(0);

/// Argon2 password verifications this process has run (log-ins and the decoys of unknown
/// names): for tests and monitoring, which compare it before and after.
pub fn password_verifications() -> u64 {
    VERIFICATIONS.load(Ordering::Relaxed)
}

pub(crate) fn count_verification() {
    VERIFICATIONS.fetch_add(1, Ordering::Relaxed);
}

/// What a budget counts: one account name from one address, or one address. The address is
/// `None` only when the router is driven without a socket (tests).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Budget {
    NameAt(String, Option<IpAddr>),
    Address(Option<IpAddr>),
}

impl Budget {
    fn allowed(&self) -> u32 {
        match self {
            Self::NameAt(..) => LOGIN_FAILURES_ALLOWED,
            Self::Address(_) => LOGIN_FAILURES_PER_ADDRESS,
        }
    }
}

/// An attempt counted against its budgets before its password is verified. Dropped as it is,
/// it stays counted (a failure); [`LoginGate::succeeded`] and [`LoginGate::refund`] give it
/// back.
#[must_use = "an attempt stays counted unless it succeeded or was never verified"]
#[derive(Debug)]
pub(crate) struct Reservation {
    budgets: [Budget; 2],
}

/// A place among the log-ins being verified or waiting for a verifier.
#[derive(Debug)]
pub(crate) struct Admission {
    _permit: OwnedSemaphorePermit,
}

/// The rate limit and the verifiers of one server.
#[derive(Debug)]
pub(crate) struct LoginGate {
    counts: Mutex<HashMap<Budget, (Instant, u32)>>,
    /// One permit per core: the verifications running.
    verifiers: Arc<Semaphore>,
    /// The verifiers' permits and [`LOGINS_WAITING`] more: the log-ins admitted.
    admitted: Arc<Semaphore>,
    /// Argon2's working memory, one buffer per verifier at most, reused from log-in to log-in.
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Default for LoginGate {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self {
            counts: Mutex::default(),
            verifiers: Arc::new(Semaphore::new(cores)),
            admitted: Arc::new(Semaphore::new(cores + LOGINS_WAITING)),
            memory: Arc::default(),
        }
    }
}

impl LoginGate {
    fn with_counts<T>(&self, f: impl FnOnce(&mut HashMap<Budget, (Instant, u32)>) -> T) -> T {
        let mut map = self
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        map.retain(|_, (since, _)| now.duration_since(*since) < LOGIN_WINDOW);
        f(&mut map)
    }

    /// Counts an attempt on `name` from `peer` if both its budgets have room (under one lock,
    /// so that concurrent attempts cannot all pass); `None`: refused, over a budget.
    pub(crate) fn reserve(&self, name: &str, peer: Option<IpAddr>) -> Option<Reservation> {
        let budgets = [
            Budget::NameAt(name.to_lowercase(), peer),
            Budget::Address(peer),
        ];
        self.with_counts(|m| {
            if budgets
                .iter()
                .any(|b| m.get(b).is_some_and(|(_, n)| *n >= b.allowed()))
            {
                return None;
            }
            for b in &budgets {
                m.entry(b.clone()).or_insert((Instant::now(), 0)).1 += 1;
            }
            Some(Reservation { budgets })
        })
    }

    /// Gives back an attempt that was never verified (the server was busy, the store failed).
    pub(crate) fn refund(&self, r: Reservation) {
        let Reservation { budgets } = r;
        self.with_counts(|m| {
            for b in &budgets {
                if let Some((_, n)) = m.get_mut(b) {
                    *n = n.saturating_sub(1);
                }
            }
        });
    }

    /// A successful log-in: the account's count at this address is cleared and the address
    /// gets its attempt back (its earlier failures stay counted).
    pub(crate) fn succeeded(&self, r: Reservation) {
        let Reservation {
            budgets: [name_at, address],
        } = r;
        self.with_counts(|m| {
            m.remove(&name_at);
            if let Some((_, n)) = m.get_mut(&address) {
                *n = n.saturating_sub(1);
            }
        });
    }

    /// A place to be verified, or `None` when every verifier is busy and [`LOGINS_WAITING`]
    /// log-ins already wait.
    pub(crate) fn admit(&self) -> Option<Admission> {
        self.admitted
            .clone()
            .try_acquire_owned()
            .ok()
            .map(|p| Admission { _permit: p })
    }

    /// Verifies `password` against the account found (or a decoy hash when the name is
    /// unknown, so that both take as long) once a verifier is free, off the async workers.
    /// The permits travel with the verification, so a client that hangs up does not free its
    /// verifier before the hash is done.
    pub(crate) async fn verify(
        &self,
        admission: Admission,
        found: Option<(Account, String)>,
        password: String,
    ) -> Option<Account> {
        let verifier = self.verifiers.clone().acquire_owned().await.ok()?;
        let buffers = self.memory.clone();
        tokio::task::spawn_blocking(move || {
            let _permits = (verifier, admission);
            let take = || {
                buffers
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
            };
            let mut memory = take().pop().unwrap_or_default();
            let verified = if let Some((account, phc)) = found {
                accounts::password_matches(&password, &phc, &mut memory).then_some(account)
            } else {
                let decoy = accounts::decoy_hash();
                let _ = accounts::password_matches(&password, decoy, &mut memory);
                None
            };
            take().push(memory);
            verified
        })
        .await
        .ok()
        .flatten()
    }
}
