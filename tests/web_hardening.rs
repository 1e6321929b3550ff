//! The tracking page under load and abuse (issue 22): log-ins that hold under concurrency
//! (counted before the hash is verified, a bounded number of Argon2 verifications at once, a
//! lock against the failing address rather than the account's owner).
//! (`cargo test --features web --test web_hardening`.)
#![cfg(feature = "web")]

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::http::StatusCode;
use axum::Router;
use grdpsim::web::{
    password_verifications, router, set_account, Role, ServerOptions, LOGINS_WAITING,
    LOGIN_FAILURES_ALLOWED,
};

mod web_support;
use web_support::{login_request, send_to, try_login_from};

const PASSWORD: &str = "correct horse battery";
/// What one Argon2 verification takes (the `argon2` crate's default m = 19 MiB).
const ARGON2_BYTES: u64 = 19 * 1024 * 1024;

/// The tests of this file measure the process's verifications and peak memory: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn app() -> Router {
    let mut t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    for (name, role) in [("admin", Role::Admin), ("kbnn", Role::Treasury)] {
        set_account(&mut t, name, role, None, PASSWORD, "test").unwrap();
    }
    router(t, ServerOptions::default())
}

fn address(n: u32) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)), 40_000)
}

fn verifiers() -> u64 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u64)
}

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with(field))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The process's peak resident memory from now on: resets the high-water mark (Linux's
/// `clear_refs` 5) and returns the resident size it starts from, in bytes.
fn start_peak_memory() -> u64 {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    status_kb("VmRSS:") * 1024
}

fn peak_memory() -> u64 {
    status_kb("VmHWM:") * 1024
}

/// Sends the log-in posts all at once; their statuses.
async fn all_at_once(app: &Router, attempts: Vec<(String, SocketAddr)>) -> Vec<StatusCode> {
    let mut posts = Vec::new();
    for (password, peer) in attempts {
        posts.push(login_request(app, "admin", &password, Some(peer)).await);
    }
    let sent: Vec<_> = posts
        .into_iter()
        .map(|req| {
            let app = app.clone();
            tokio::spawn(async move { send_to(&app, req).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for s in sent {
        statuses.push(s.await.unwrap());
    }
    statuses
}

fn count(statuses: &[StatusCode], status: StatusCode) -> u64 {
    statuses.iter().filter(|s| **s == status).count() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_wrong_passwords_verify_only_the_budget() {
    let _one = ONE_AT_A_TIME.lock().await;
    let app = app();
    let guesser = address(1);
    let before = password_verifications();
    let start = start_peak_memory();
    let statuses = all_at_once(
        &app,
        (0..50)
            .map(|i| (format!("guess number {i}"), guesser))
            .collect(),
    )
    .await;
    let verified = password_verifications() - before;
    let peak = peak_memory().saturating_sub(start);
    // The budget's five are verified and refused; the other 45 are refused unverified.
    let budget = u64::from(LOGIN_FAILURES_ALLOWED);
    assert_eq!(verified, budget, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), budget);
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 50 - budget);
    // At most one verification per core at a time: a few times 19 MiB, not fifty.
    let bound = verifiers() * ARGON2_BYTES + 64 * 1024 * 1024;
    assert!(
        peak < bound,
        "peak memory grew by {} MiB (bound {} MiB)",
        peak >> 20,
        bound >> 20
    );
    // The right password from the guessing address is refused for the window too.
    assert_eq!(
        try_login_from(&app, "admin", PASSWORD, Some(guesser))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_account_is_locked_against_the_address_that_failed_not_its_owner() {
    let _one = ONE_AT_A_TIME.lock().await;
    let app = app();
    let (guesser, owner) = (address(2), address(3));
    for _ in 0..LOGIN_FAILURES_ALLOWED {
        let r = try_login_from(&app, "admin", "guess guess", Some(guesser)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = try_login_from(&app, "admin", PASSWORD, Some(guesser)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("từ địa chỉ này"), "{}", r.body);
    // The owner, elsewhere, logs in; and the guessing address may still use another account
    // (its own budget over all names is not spent).
    let r = try_login_from(&app, "admin", PASSWORD, Some(owner)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = try_login_from(&app, "kbnn", PASSWORD, Some(guesser)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_log_ins_wait_for_a_few_verifiers_or_are_told_to_retry() {
    let _one = ONE_AT_A_TIME.lock().await;
    let app = app();
    // Each from its own address, so that no budget refuses them: only the verifiers bound them.
    let before = password_verifications();
    let start = start_peak_memory();
    let statuses = all_at_once(
        &app,
        (0..200)
            .map(|i| ("not the password".to_owned(), address(100 + i)))
            .collect(),
    )
    .await;
    let verified = password_verifications() - before;
    let peak = peak_memory().saturating_sub(start);
    let (wrong, busy) = (
        count(&statuses, StatusCode::UNAUTHORIZED),
        count(&statuses, StatusCode::SERVICE_UNAVAILABLE),
    );
    assert_eq!(wrong + busy, 200, "{statuses:?}");
    assert_eq!(verified, wrong);
    assert!(wrong >= verifiers(), "{wrong} verified");
    let bound = verifiers() * ARGON2_BYTES + 64 * 1024 * 1024;
    assert!(
        peak < bound,
        "peak memory grew by {} MiB (bound {} MiB; {wrong} verified, {busy} told to retry, \
         {LOGINS_WAITING} may wait)",
        peak >> 20,
        bound >> 20
    );
}
