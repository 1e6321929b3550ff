//! The visual tracking tool (công cụ theo dõi trực quan): a web page on a disbursement
//! [`Tracker`] where investors update their weekly figures and obstacles, the State Treasury
//! enters its payments and sees the reconciliation, and the province's leaders follow the
//! weekly status and the ranking of investors. Behind the cargo feature `web`.
//!
//! axum on tokio serves pages rendered on the server, from askama templates (`templates/`) whose
//! words come from one catalog in Vietnamese and English, out of the tracker's own views (status,
//! ranking, count-down, S-curves, reconciliation, stalled projects, overdue obstacles); every
//! form goes through the tracker's all-or-nothing imports, so the page accepts exactly what the
//! command-line imports accept and names the field or row at fault the same way.
//!
//! Security: [`Role`]s and [`Account`]s with Argon2id password hashes; sessions in
//! `HttpOnly; SameSite=Strict` cookies (`Secure` too when [`ServerOptions::secure_cookies`]:
//! served over https; the demo on `http://127.0.0.1` cannot use it); a CSRF token on every
//! form (the session's, or a log-in token before there is a session); at most
//! [`LOGIN_FAILURES_ALLOWED`] failed log-ins per account name from one address (and
//! [`LOGIN_FAILURES_PER_ADDRESS`] per client address) in [`LOGIN_WINDOW`], counted before the
//! password is verified, and no more Argon2 verifications at once than cores (the policy:
//! the `login` module); pages without
//! any script, and a `Content-Security-Policy` of `default-src 'none'` that forbids them;
//! every change in the store's audit trail with the account that made it. Slow clients are
//! shed: header and body read timeouts, an idle timeout, and caps on connections per address
//! and in all, where a new connection over a cap closes the one idle the longest
//! ([`ServerOptions`], [`serve_on`]).
//!
//! # Examples
//! ```
//! use grdpsim::web::{set_account, Role};
//! let mut t = grdpsim::datasets::cao_bang_disbursement_2025()?;
//! set_account(&mut t, "cdt02", Role::Investor, Some("CDT-02"), "a long password", "admin")?;
//! let router = grdpsim::web::router(t, grdpsim::web::ServerOptions::default());
//! # let _ = router;
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```

mod accounts;
mod admin;
mod auth;
mod catalog;
mod catalog_loop;
mod demo;
mod department;
mod department_forms;
mod digest;
mod entries;
mod forms;
mod html;
mod investor;
mod kept;
mod login;
mod office;
mod pack;
mod prelude;
mod province;
mod reads;
mod respond;
mod routes;
mod server;
mod session;
mod treasury;
mod upload;

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use accounts::{
    accounts, departments, random_password, set_account, Account, Role, MIN_PASSWORD_CHARS,
    SESSION_HOURS,
};
pub use demo::{demo_account_name, write_demo_store, DemoAccount, DEMO_DIGEST_MONTH};
pub use login::{
    password_verifications, LOGINS_WAITING, LOGIN_FAILURES_ALLOWED, LOGIN_FAILURES_PER_ADDRESS,
    LOGIN_WINDOW,
};
pub use server::{
    timeout_from_secs, BODY_READ_TIMEOUT, HEADER_READ_TIMEOUT, IDLE_TIMEOUT, MAX_CONNECTIONS,
    MAX_CONNECTIONS_CAP, MAX_CONNECTIONS_PER_ADDRESS, MAX_TIMEOUT,
};

use crate::store::check_read_connections;
pub use crate::store::{MAX_READ_CONNECTIONS, READ_CONNECTIONS};

use crate::disbursement::Tracker;
use crate::error::{GrdpsimError, Result};
use crate::monitoring::{Monitor, WarningPolicy};
use crate::scenario::Scenario;

/// How the page is served.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Mark cookies `Secure` (only sent over https): set it when a TLS proxy serves the page.
    pub secure_cookies: bool,
    /// The scenario whose gap, required growth and probability head the monitoring digest
    /// page (without one, the page's headline is the disbursement rate alone).
    pub scenario: Option<Scenario>,
    /// The warning policy of the digest page: its report deadline (the as-of date) and the
    /// uncertainty of the headline probability. Default: the shipped policy.
    pub policy: WarningPolicy,
    /// How long a client may take to send a request's headers, from the moment the server
    /// waits for them; then the connection is closed. Default [`HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body, from its headers; then the
    /// connection is closed (a body trickling in byte by byte too). Default
    /// [`BODY_READ_TIMEOUT`].
    pub body_read_timeout: Duration,
    /// How long a connection may stay silent with no request in progress (kept alive between
    /// requests, or stopped halfway) before it is closed. Default [`IDLE_TIMEOUT`].
    pub idle_timeout: Duration,
    /// Connections served at once; a new one beyond closes the connection idle the longest,
    /// or is refused when all are answering requests. Default [`MAX_CONNECTIONS`].
    pub max_connections: usize,
    /// The same cap per client address. Default [`MAX_CONNECTIONS_PER_ADDRESS`].
    pub max_connections_per_address: usize,
    /// Read-only connections to the store that the pages which only read share (default
    /// [`READ_CONNECTIONS`], at most [`MAX_READ_CONNECTIONS`]); 0: every request through the
    /// one writer connection, one at a time, as the server before the pool did.
    pub read_connections: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            scenario: None,
            policy: WarningPolicy::default(),
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_read_timeout: BODY_READ_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            max_connections_per_address: MAX_CONNECTIONS_PER_ADDRESS,
            read_connections: READ_CONNECTIONS,
        }
    }
}

impl ServerOptions {
    /// The connection limits, each within its bounds (see [`server::Limits::checked`]), once
    /// the count of read connections is within its own.
    fn limits(&self) -> Result<server::Limits> {
        check_read_connections(self.read_connections)?;
        server::Limits {
            header_read_timeout: self.header_read_timeout,
            body_read_timeout: self.body_read_timeout,
            idle_timeout: self.idle_timeout,
            max_connections: self.max_connections,
            max_connections_per_address: self.max_connections_per_address,
        }
        .checked()
    }
}

pub(crate) struct AppState {
    /// The tracker's store, which also holds the monitoring data ([`Monitor`]): the writer,
    /// one request at a time (forms, uploads, log-ins).
    monitor: Mutex<Monitor>,
    /// The same monitor reading through the store's read-only connections
    /// ([`Monitor::reading`]): the pages that only read, in parallel. `None` when
    /// [`ServerOptions::read_connections`] is 0: they read through `monitor`.
    reader: Option<Monitor>,
    /// The province's page's reads kept while the store is unchanged.
    province: kept::Kept<province::Read>,
    /// The investors' pages' reads, the same.
    investor: kept::Kept<investor::Read>,
    login: login::LoginGate,
    options: ServerOptions,
}

/// The application's routes on `tracker` (tests drive it without a socket). A count of
/// [`ServerOptions::read_connections`] beyond [`MAX_READ_CONNECTIONS`] is taken as the
/// largest ([`serve`] and [`serve_on`] refuse it).
pub fn router(tracker: Tracker, options: ServerOptions) -> axum::Router {
    let count = options.read_connections.min(MAX_READ_CONNECTIONS);
    // Within its bound: cannot fail.
    let _ = tracker.shared_store().set_read_connections(count);
    let monitor = Monitor::from_tracker(tracker);
    routes::routes(Arc::new(AppState {
        reader: (count > 0).then(|| monitor.reading()),
        monitor: Mutex::new(monitor),
        province: kept::Kept::default(),
        investor: kept::Kept::default(),
        login: login::LoginGate::default(),
        options,
    }))
}

/// Serves the store at `db` on `host:port` until Ctrl-C or SIGTERM; `ready` is called with the
/// address bound (port 0 picks a free one) once the server accepts connections.
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] naming an option of [`ServerOptions`] and its value when
/// it is zero or beyond its bound ([`MAX_TIMEOUT`], [`MAX_CONNECTIONS_CAP`]);
/// [`GrdpsimError::Io`] if the address cannot be bound; what [`Tracker::open`] returns.
pub fn serve(
    db: &Path,
    host: &str,
    port: u16,
    options: ServerOptions,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    options.limits()?;
    let tracker = Tracker::open(db)?;
    let io = |e: std::io::Error| GrdpsimError::io(format!("{host}:{port}"), e);
    // Two workers: the machine is small; the store's reads run on the blocking pool, each on
    // a read-only connection of its own, and its writes one at a time.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(io)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((host, port))
            .await
            .map_err(io)?;
        ready(listener.local_addr().map_err(io)?);
        serve_on(listener, tracker, options, stop_signal()).await
    })
}

/// Serves `tracker` on a listener already bound until `shutdown` resolves, then lets the
/// requests in progress finish and returns once every connection is closed. Each connection
/// is held to the options' header, body and idle timeouts and connection caps (see
/// [`ServerOptions`]); [`serve`] runs it until Ctrl-C or SIGTERM.
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] naming an option of [`ServerOptions`] and its value when
/// it is zero or beyond its bound (before anything is served).
///
/// # Examples
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let tracker = grdpsim::datasets::cao_bang_disbursement_2025()?;
/// let options = grdpsim::web::ServerOptions::default();
/// grdpsim::web::serve_on(listener, tracker, options, async { /* until ... */ }).await?;
/// # Ok(()) }
/// ```
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    tracker: Tracker,
    options: ServerOptions,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<()> {
    let limits = options.limits()?;
    server::run(listener, router(tracker, options), limits, shutdown).await;
    Ok(())
}

async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = interrupt.await;
            return;
        };
        tokio::select! {
            _ = interrupt => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
