//! The tracking page under load and abuse (issue 22): log-ins that hold under concurrency
//! (counted before the hash is verified, a bounded number of Argon2 verifications at once, a
//! lock against the failing address rather than the account's owner), and a server that sheds
//! slow clients (header and idle timeouts, connection caps), tested with raw clients on
//! 127.0.0.1. Linux: the tests read /proc and set the open-file limit.
//! (`cargo test --features web --test web_hardening`.)
#![cfg(all(feature = "web", target_os = "linux"))]

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::Router;
use grdpsim::web::{
    password_verifications, router, serve_on, timeout_from_secs, Role, ServerOptions,
    LOGINS_WAITING, LOGIN_FAILURES_ALLOWED, MAX_CONNECTIONS_CAP, MAX_CONNECTIONS_PER_ADDRESS,
    MAX_TIMEOUT,
};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;

use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
use tokio::net::TcpListener;

mod common;
mod web_support;
use common::memory::{peak_memory, start_peak_memory};
use common::xlsx::{self, Cell};
use grdpsim::disbursement::Tracker;
use web_support::{
    add_accounts, example_with, get, login_at, login_request, send_to, try_login_from,
    upload_bytes, upload_leftovers, PASSWORD,
};
/// What one Argon2 verification takes (the `argon2` crate's default m = 19 MiB).
const ARGON2_BYTES: u64 = 19 * 1024 * 1024;

/// The tests of this file measure the process's verifications and peak memory: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn tracker() -> Tracker {
    example_with(&[("admin", Role::Admin, None), ("kbnn", Role::Treasury, None)])
}

fn app() -> Router {
    router(tracker(), ServerOptions::default())
}

fn address(n: u32) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)), 40_000)
}

fn verifiers() -> u64 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u64)
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

// ---------------------------------------------------------------------------------------------
// A server that sheds slow clients.

/// A server on 127.0.0.1 (a free port) until dropped.
struct Served {
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Served {
    async fn start(options: ServerOptions) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        // Built first, so that the server accepts at once (the timeouts count from then).
        let tracker = tracker();
        tokio::spawn(async move {
            let stop = async {
                let _ = stopped.await;
            };
            serve_on(listener, tracker, options, stop).await.unwrap();
        });
        Self {
            address,
            stop: Some(stop),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

const LOGIN_PAGE: &[u8] = b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// The clients are plain blocking sockets on threads of their own, so that they never hold up
// the server's runtime.

/// Reads one response (its head and its `Content-Length` of body) within `limit`.
fn response(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let left = limit.checked_sub(start.elapsed())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .ok()?;
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if got.len() >= end + 4 + length {
                return Some(text.into_owned());
            }
        }
    }
}

/// Waits until the server closes `stream` (a read gives end of file or a reset); false if it
/// is still open after `guard`, a bound on the wait that only a hung test reaches (the limits
/// under test are a fraction of it, the others far beyond it).
fn closes(stream: &mut TcpStream, guard: Duration) -> bool {
    stream.set_read_timeout(Some(guard)).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false
            }
            Err(_) => return true,
        }
    }
}

/// The wait after which a test that expects an event reports it missing instead of hanging.
const HANG_GUARD: Duration = Duration::from_secs(60);
/// A limit that no test of this file reaches: only the limit under test can close.
const NEVER: Duration = Duration::from_secs(3600);
/// A limit under test: short, so that the test is quick; what is asserted is that the
/// connection closes, never when.
const SHORT: Duration = Duration::from_millis(300);

/// Whether the server has closed `stream` (without waiting).
fn closed(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 16];
    !matches!((&*stream).read(&mut buf), Err(e) if e.kind() == ErrorKind::WouldBlock)
}

async fn client<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

/// The process's soft limit of open files, set for a test and restored when dropped.
struct FileLimit(Rlimit);

impl FileLimit {
    fn set(files: u64) -> Self {
        let saved = getrlimit(Resource::Nofile);
        let limit = Rlimit {
            current: Some(files),
            maximum: saved.maximum,
        };
        setrlimit(Resource::Nofile, limit).unwrap();
        Self(saved)
    }
}

impl Drop for FileLimit {
    fn drop(&mut self) {
        let _ = setrlimit(Resource::Nofile, self.0);
    }
}

fn open_files() -> u64 {
    std::fs::read_dir("/proc/self/fd").unwrap().count() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eleven_hundred_half_sent_requests_do_not_keep_others_out() {
    const SLOW: usize = 1_100;
    let _one = ONE_AT_A_TIME.lock().await;
    // The observed server had 1,024 files; this one shares its process with the 1,100 slow
    // clients, so the process gets what it has open, their 1,100 and those 1,024.
    let _limit = FileLimit::set(open_files() + SLOW as u64 + 1_024);
    let served = Served::start(ServerOptions::default()).await;
    let address = served.address;
    let (page, slow, shed) = client(move || {
        // (A server that keeps every connection leaves the clients short of files.)
        let slow: Vec<TcpStream> = (0..SLOW)
            .filter_map(|_| {
                let mut s = TcpStream::connect(address).ok()?;
                s.write_all(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .ok()?;
                Some(s)
            })
            .collect();
        // Answered at all: a server that kept every half-sent request would have left the
        // process no file for this connection (or no connection slot on its side).
        let page = TcpStream::connect(address).ok().and_then(|mut s| {
            s.write_all(LOGIN_PAGE).ok()?;
            response(&mut s, HANG_GUARD)
        });
        // The connections over the per-address cap were closed when newer ones came: wait
        // until that many are (the count is asserted below).
        let waiting = Instant::now();
        let mut shed = 0;
        while waiting.elapsed() < HANG_GUARD {
            shed = slow.iter().filter(|s| closed(s)).count();
            if shed >= SLOW - MAX_CONNECTIONS_PER_ADDRESS {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        (page, slow.len(), shed)
    })
    .await;
    let page = page.unwrap_or_else(|| panic!("no log-in page ({slow} slow clients connected)"));
    assert_eq!(slow, SLOW);
    assert!(page.starts_with("HTTP/1.1 200"), "{}", &page[..200]);
    // The server kept no more of one address's connections than its cap: it closed the rest,
    // those idle the longest first.
    assert!(
        shed >= SLOW - MAX_CONNECTIONS_PER_ADDRESS,
        "the server closed {shed} of {SLOW} half-sent requests"
    );
}

/// Serves with these timeouts, runs `talk` on a connection to the server (on a thread of its
/// own) and returns whether the server then closed the connection ([`closes`]).
async fn closes_after(
    header_read_timeout: Duration,
    idle_timeout: Duration,
    talk: impl FnOnce(&mut TcpStream) + Send + 'static,
) -> bool {
    let served = Served::start(ServerOptions {
        header_read_timeout,
        idle_timeout,
        ..ServerOptions::default()
    })
    .await;
    let address = served.address;
    client(move || {
        let mut stream = TcpStream::connect(address).unwrap();
        talk(&mut stream);
        closes(&mut stream, HANG_GUARD)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_that_trickle_in_are_cut_at_the_header_timeout() {
    let _one = ONE_AT_A_TIME.lock().await;
    // A byte every 50 ms: never silent long enough for an idle limit, never done. Only the
    // header timeout can close it (the idle one is an hour).
    let sent = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = sent.clone();
    let closed = closes_after(SHORT, NEVER, move |stream| {
        let mut writer = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            let _ = writer.write_all(b"GET /login HTTP/1.1\r\nX-Slow: ");
            while writer.write_all(b"a").is_ok() {
                counted.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        });
    })
    .await;
    assert!(
        closed,
        "still open: the header timeout did not close the connection"
    );
    // The client was still sending when the server closed (headers trickling, never idle).
    assert!(sent.load(Ordering::Relaxed) > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed_after_the_idle_timeout() {
    let _one = ONE_AT_A_TIME.lock().await;
    // Only the idle timeout can close it (the header one is an hour).
    let closed = closes_after(NEVER, SHORT, |stream| {
        // Kept alive: a second request on the same connection is answered; then silence.
        for _ in 0..2 {
            stream.write_all(LOGIN_PAGE).unwrap();
            let page = response(stream, HANG_GUARD).unwrap();
            assert!(page.starts_with("HTTP/1.1 200"), "{}", &page[..200]);
        }
    })
    .await;
    assert!(
        closed,
        "still open: the idle timeout did not close the connection"
    );
}

/// Serves with this body timeout (the other timeouts an hour) and sends a log-in post whose
/// headers arrive at once and whose body trickles in, a byte every 50 ms; whether the server
/// closed the connection ([`closes`]).
async fn trickled_body_closes(body_read_timeout: Duration) -> bool {
    let served = Served::start(ServerOptions {
        header_read_timeout: NEVER,
        body_read_timeout,
        idle_timeout: NEVER,
        ..ServerOptions::default()
    })
    .await;
    let address = served.address;
    client(move || {
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .write_all(
                b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                  Content-Type: application/x-www-form-urlencoded\r\n\
                  Content-Length: 100000\r\n\r\nname=",
            )
            .unwrap();
        let mut writer = stream.try_clone().unwrap();
        // Never silent, never done: the request stays in progress, so no idle limit applies.
        std::thread::spawn(move || {
            while writer.write_all(b"a").is_ok() {
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        closes(&mut stream, HANG_GUARD)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_trickles_in_is_cut_at_the_body_timeout() {
    let _one = ONE_AT_A_TIME.lock().await;
    assert!(
        trickled_body_closes(SHORT).await,
        "still open: the body timeout did not close the connection"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_total_cap_the_connection_idle_the_longest_is_closed() {
    let _one = ONE_AT_A_TIME.lock().await;
    // No timeout can close a connection here: only the cap.
    let served = Served::start(ServerOptions {
        max_connections: 3,
        header_read_timeout: NEVER,
        idle_timeout: NEVER,
        ..ServerOptions::default()
    })
    .await;
    let address = served.address;
    let (page, first_closed, others_closed) = client(move || {
        // Three kept-alive connections, each answered in turn: idle since their answer, the
        // first the longest (a pause between them keeps their times apart).
        let mut kept: Vec<TcpStream> = (0..3)
            .map(|_| {
                let mut s = TcpStream::connect(address).unwrap();
                s.write_all(LOGIN_PAGE).unwrap();
                assert!(response(&mut s, HANG_GUARD).is_some());
                std::thread::sleep(Duration::from_millis(20));
                s
            })
            .collect();
        let mut fourth = TcpStream::connect(address).unwrap();
        fourth.write_all(LOGIN_PAGE).unwrap();
        let page = response(&mut fourth, HANG_GUARD);
        // The fourth was admitted by closing the first: wait for that, then look at the others.
        let first_closed = closes(&mut kept[0], HANG_GUARD);
        (
            page,
            first_closed,
            kept[1..].iter().map(closed).collect::<Vec<_>>(),
        )
    })
    .await;
    assert!(page.is_some_and(|p| p.starts_with("HTTP/1.1 200")));
    // The first, silent the longest, made room; the other two are still served.
    assert!(
        first_closed,
        "the connection idle the longest is still open"
    );
    assert_eq!(others_closed, [false, false]);
}

#[tokio::test]
async fn a_zero_limit_is_refused_by_name() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let options = ServerOptions {
        idle_timeout: Duration::ZERO,
        ..ServerOptions::default()
    };
    let e = serve_on(listener, tracker(), options, async {})
        .await
        .unwrap_err();
    assert!(
        matches!(&e, grdpsim::GrdpsimError::InvalidArgument { name, .. } if name == "idle_timeout"),
        "{e}"
    );
}

#[tokio::test]
async fn limits_out_of_their_bounds_are_refused_naming_the_option_and_value() {
    let refused = |options: ServerOptions| async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        serve_on(listener, tracker(), options, async {})
            .await
            .unwrap_err()
    };
    let cases = [
        (
            ServerOptions {
                body_read_timeout: Duration::ZERO,
                ..ServerOptions::default()
            },
            "body_read_timeout",
            "0 s",
        ),
        (
            ServerOptions {
                header_read_timeout: MAX_TIMEOUT + Duration::from_secs(1),
                ..ServerOptions::default()
            },
            "header_read_timeout",
            "86401 s",
        ),
        (
            ServerOptions {
                max_connections: 0,
                ..ServerOptions::default()
            },
            "max_connections",
            "0:",
        ),
        (
            ServerOptions {
                max_connections_per_address: MAX_CONNECTIONS_CAP + 1,
                ..ServerOptions::default()
            },
            "max_connections_per_address",
            "1048577:",
        ),
    ];
    for (options, option, value) in cases {
        let e = refused(options).await;
        assert!(
            matches!(&e, grdpsim::GrdpsimError::InvalidArgument { name, .. } if name == option),
            "{e}"
        );
        assert!(e.to_string().contains(value), "{e} does not say {value:?}");
    }
    // Seconds, as the command line and Python give them.
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-12, 86_400.5] {
        let e = timeout_from_secs("idle_timeout", bad).unwrap_err();
        assert!(
            matches!(&e, grdpsim::GrdpsimError::InvalidArgument { name, .. } if name == "idle_timeout"),
            "{e}"
        );
        assert!(e.to_string().contains(&format!("{bad} s")), "{e}");
    }
    assert_eq!(
        timeout_from_secs("idle_timeout", 0.25).unwrap(),
        Duration::from_millis(250)
    );
}

/// A recovery sheet of one row recovering `amount` of `advance` on `project`.
fn recovery_sheet<'a>(project: &'a str, advance: &'a str, amount: Cell<'a>) -> Vec<Cell<'a>> {
    vec![
        Cell::Text("A1", "project"),
        Cell::Text("B1", "reference"),
        Cell::Text("C1", "recovered_on"),
        Cell::Text("D1", "amount"),
        Cell::Text("E1", "advance"),
        Cell::Text("A2", project),
        Cell::Text("B2", "TH-HOSTILE"),
        Cell::Text("C2", "2025-12-30"),
        amount,
        Cell::Text("E2", advance),
    ]
}

/// An advances sheet (Vietnamese headers) of one advance of `amount` on `project`.
fn advance_sheet<'a>(project: &'a str, amount: Cell<'a>) -> Vec<Cell<'a>> {
    vec![
        Cell::Text("A1", "Mã dự án"),
        Cell::Text("B1", "Số chứng từ"),
        Cell::Text("C1", "Ngày tạm ứng"),
        Cell::Text("D1", "Số tiền"),
        Cell::Text("E1", "Mục đích"),
        Cell::Text("A2", project),
        Cell::Text("B2", "TU-HOSTILE"),
        Cell::Text("C2", "2025-12-01"),
        amount,
        Cell::Text("E2", "works"),
    ]
}

/// The attacks on the advances layouts, each with the status and what the page must name: a
/// sheet declaring Excel's last cell, a recovery of `over` (more than the whole `advance`), an
/// amount of 10^15 and one of 1e309, a formula without a value, a projects sheet.
fn hostile_advance_workbooks<'a>(
    project: &str,
    advance: &str,
    over: &'a str,
    named: &'a str,
) -> Vec<(Vec<u8>, StatusCode, Vec<&'a str>)> {
    let mut far = advance_sheet(project, Cell::Number("D2", 1.0));
    far.push(Cell::Number("XFD1048576", 1.0));
    let projects = [
        Cell::Text("A1", "project"),
        Cell::Text("B1", "name"),
        Cell::Text("C1", "investor"),
        Cell::Text("D1", "capital_source"),
        Cell::Text("A2", "P-NEW"),
        Cell::Text("B2", "x"),
        Cell::Text("C2", "X"),
        Cell::Text("D2", "NSDP"),
    ];
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    vec![
        (
            xlsx::workbook(&[("Tạm ứng", &far)]),
            unprocessable,
            vec!["XFD1048576"],
        ),
        (
            xlsx::workbook(&[(
                "Thu hồi",
                &recovery_sheet(project, advance, Cell::Text("D2", over)),
            )]),
            unprocessable,
            vec!["<td>amount</td>", over, named],
        ),
        (
            xlsx::workbook(&[("Tạm ứng", &advance_sheet(project, Cell::Number("D2", 1e15)))]),
            unprocessable,
            vec!["<td>amount</td>"],
        ),
        (
            xlsx::workbook(&[(
                "Tạm ứng",
                &advance_sheet(project, Cell::Text("D2", "1e309")),
            )]),
            unprocessable,
            vec!["<td>amount</td>", "1e309"],
        ),
        (
            xlsx::workbook(&[(
                "Thu hồi",
                &recovery_sheet(project, advance, Cell::Formula("D2", "4*2")),
            )]),
            unprocessable,
            vec!["D2"],
        ),
        (
            xlsx::workbook(&[
                ("Tạm ứng", &advance_sheet(project, Cell::Number("D2", 10.0))),
                ("Dự án", &projects),
            ]),
            StatusCode::FORBIDDEN,
            vec!["<td>header</td>"],
        ),
    ]
}

/// The Treasury's advances and recoveries uploaded by an attacker holding a treasury account
/// (issue 22's harness over issue 26's layouts): a sheet declaring Excel's last cell, a recovery
/// of 0.5 more than an advance's whole amount, an amount of 10^15 (beyond any budget) and
/// one of 1e309 (beyond f64), a formula without a value and a projects sheet the Treasury may
/// not write. Each is refused naming its cell or its row's column, nothing is written, no
/// upload file is left behind, and the server answers the next page; then recovering exactly
/// what the view shows outstanding of that advance is accepted and takes the project's
/// outstanding down by that much.
#[tokio::test]
async fn hostile_advances_workbooks_from_a_treasury_account_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let mut t = grdpsim::datasets::cao_bang_disbursement_2025_at(&path).unwrap();
    add_accounts(&mut t, &[("kbnn", Role::Treasury, None)]);
    let as_of = "2025-12-31".parse().unwrap();
    let before = t.advances(as_of).unwrap();
    let first = before.iter().find(|a| a.outstanding > 0.0).unwrap().clone();
    drop(t);
    let app = router(Tracker::open(&path).unwrap(), ServerOptions::default());
    let (s, csrf) = login_at(&app, "kbnn", "/").await;
    // The audit trail after logging in (which it records).
    let audit = Tracker::open(&path)
        .unwrap()
        .store()
        .audit_trail()
        .unwrap()
        .len();
    let (project, advance) = (first.project.as_str(), first.reference.as_str());
    let over = format!("{}", first.amount + 0.5);
    let named = format!("advance {advance}");
    let cases = hostile_advance_workbooks(project, advance, &over, &named);
    let files_before = upload_leftovers();
    let tmp = std::env::temp_dir().display().to_string();
    for (i, (bytes, status, says)) in cases.iter().enumerate() {
        let r = send_to(&app, upload_bytes(&s, &csrf, "kbnn.xlsx", bytes)).await;
        assert_eq!(r.status, *status, "case {i}: {}", r.body);
        for said in says {
            assert!(r.body.contains(said), "case {i}: {said:?} in {}", r.body);
        }
        assert!(
            !r.body.contains(&tmp),
            "case {i}: a server path in {}",
            r.body
        );
        assert_eq!(
            send_to(&app, get("/treasury", &s)).await.status,
            StatusCode::OK
        );
    }
    assert!(
        upload_leftovers().iter().all(|n| files_before.contains(n)),
        "upload files left behind"
    );
    // Nothing was written: the same advances, the same audit trail.
    let t = Tracker::open(&path).unwrap();
    assert_eq!(t.advances(as_of).unwrap(), before);
    assert_eq!(t.store().audit_trail().unwrap().len(), audit);
    drop(t);
    // Exactly what is outstanding is accepted: the attack was refused for what it was.
    let exact = format!("{}", first.outstanding);
    let ok = xlsx::workbook(&[(
        "Thu hồi",
        &recovery_sheet(project, advance, Cell::Text("D2", &exact)),
    )]);
    let r = send_to(&app, upload_bytes(&s, &csrf, "kbnn.xlsx", &ok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The project's outstanding (advanced less recovered) falls by exactly that amount.
    let project_outstanding = |rows: &[grdpsim::disbursement::AdvanceRow]| -> f64 {
        rows.iter()
            .filter(|a| a.project == first.project)
            .map(|a| a.outstanding)
            .sum()
    };
    let now = Tracker::open(&path).unwrap().advances(as_of).unwrap();
    let fell = project_outstanding(&before) - project_outstanding(&now);
    assert!((fell - first.outstanding).abs() < 1e-6, "{fell}");
}
