//! Serving connections so that slow clients cannot take the page from everyone: a time limit
//! on a request's headers, one on its body, one on an idle connection, and caps on connections
//! per client address and in all, where a new connection over a cap closes the connection idle
//! the longest (a kept-alive one, or one still waiting for its headers) rather than being
//! refused.
//!
//! `axum::serve` sets no header timeout and no cap (1,100 connections sending half a request
//! made every log-in wait once the process had no file descriptor left), so the listener is
//! accepted here and each connection served by hyper's HTTP/1 connection builder, whose
//! `header_read_timeout` is the header limit; the body limit, the idle limit and the caps are
//! this module's. The body limit is on the whole body, counted from its headers: a client that
//! sends a byte now and then is never silent, so only a total limit drops it.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Notify};
use tower::ServiceExt;

use crate::error::{GrdpsimError, Result};

/// How long a client may take to send a request's headers, from the moment the server waits
/// for them (the connection accepted, or the previous response sent).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body, from the moment its headers arrived;
/// then the connection is closed. Generous for the largest upload on a slow line.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest timeout the options take: a day (a longer one would keep a stalled client for
/// good, and far beyond it a deadline overflows the clock).
pub const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);
/// The largest connection cap the options take: far beyond what one process can hold open.
pub const MAX_CONNECTIONS_CAP: usize = 1 << 20;
/// How long a connection may stay silent with no request in progress before it is closed
/// (an idle keep-alive connection, or a client that stopped sending halfway).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once, from all clients: well under the usual limit of 1,024 open
/// files per process, which the store's files share.
pub const MAX_CONNECTIONS: usize = 512;
/// Connections served at once from one client address (a browser opens about six; an office
/// behind one address has several people).
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 64;

/// The limits a server holds its connections to (fields of [`super::ServerOptions`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub max_connections_per_address: usize,
}

impl Limits {
    /// These limits if each is within its bounds: timeouts more than zero and at most
    /// [`MAX_TIMEOUT`], caps more than zero and at most [`MAX_CONNECTIONS_CAP`] (a zero limit
    /// would close or refuse every connection; a cap per address above the total never binds).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming the option and its value.
    pub fn checked(self) -> Result<Self> {
        for (name, value) in [
            ("header_read_timeout", self.header_read_timeout),
            ("body_read_timeout", self.body_read_timeout),
            ("idle_timeout", self.idle_timeout),
        ] {
            if value.is_zero() || value > MAX_TIMEOUT {
                return Err(GrdpsimError::invalid_argument(
                    name,
                    format!(
                        "{} s: a timeout must be more than zero and at most {} s (a day)",
                        value.as_secs_f64(),
                        MAX_TIMEOUT.as_secs()
                    ),
                ));
            }
        }
        for (name, value) in [
            ("max_connections", self.max_connections),
            (
                "max_connections_per_address",
                self.max_connections_per_address,
            ),
        ] {
            if value == 0 || value > MAX_CONNECTIONS_CAP {
                return Err(GrdpsimError::invalid_argument(
                    name,
                    format!(
                        "{value}: a connection cap must be more than zero and at most \
                         {MAX_CONNECTIONS_CAP}"
                    ),
                ));
            }
        }
        Ok(self)
    }
}

/// A timeout given in seconds (the command line's and Python's unit) for the option `name`.
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] naming the option and the value when it is not a finite
/// number of seconds more than zero and at most a day ([`MAX_TIMEOUT`]).
///
/// # Examples
/// ```
/// use grdpsim::web::timeout_from_secs;
/// assert_eq!(timeout_from_secs("idle_timeout", 2.5)?.as_millis(), 2500);
/// let e = timeout_from_secs("idle_timeout", -1.0).unwrap_err();
/// assert!(e.to_string().contains("idle_timeout") && e.to_string().contains("-1"));
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
pub fn timeout_from_secs(name: &str, seconds: f64) -> Result<Duration> {
    if seconds.is_finite() && seconds > 0.0 && seconds <= MAX_TIMEOUT.as_secs_f64() {
        let timeout = Duration::from_secs_f64(seconds);
        if !timeout.is_zero() {
            return Ok(timeout);
        }
    }
    Err(GrdpsimError::invalid_argument(
        name,
        format!(
            "{seconds} s: a timeout must be more than zero and at most {} s (a day)",
            MAX_TIMEOUT.as_secs()
        ),
    ))
}

/// One connection's state as the caps and the idle limit see it.
#[derive(Debug)]
struct Conn {
    id: u64,
    address: IpAddr,
    /// Requests being answered; a connection with none may be closed to make room.
    in_flight: AtomicUsize,
    /// When a byte last passed or a request was last answered, in milliseconds since `epoch`.
    active_ms: AtomicU64,
    epoch: Instant,
    /// Told to close (evicted to make room for a newer connection).
    close: Notify,
}

impl Conn {
    fn touch(&self) {
        let ms = u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.active_ms.store(ms, Ordering::Relaxed);
    }

    fn last_active(&self) -> Instant {
        self.epoch + Duration::from_millis(self.active_ms.load(Ordering::Relaxed))
    }

    fn idle(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0
    }
}

#[derive(Debug, Default)]
struct Registry {
    next_id: u64,
    conns: HashMap<u64, Arc<Conn>>,
    per_address: HashMap<IpAddr, usize>,
}

impl Registry {
    fn remove(&mut self, id: u64) -> Option<Arc<Conn>> {
        let conn = self.conns.remove(&id)?;
        if let Some(n) = self.per_address.get_mut(&conn.address) {
            *n -= 1;
            if *n == 0 {
                self.per_address.remove(&conn.address);
            }
        }
        Some(conn)
    }

    /// Closes the connection idle the longest among those `which` selects; false if every one
    /// of them is answering a request.
    fn evict(&mut self, which: impl Fn(&Conn) -> bool) -> bool {
        let oldest = self
            .conns
            .values()
            .filter(|c| which(c) && c.idle())
            .min_by_key(|c| c.last_active())
            .map(|c| c.id);
        match oldest.and_then(|id| self.remove(id)) {
            Some(conn) => {
                conn.close.notify_one();
                true
            }
            None => false,
        }
    }

    /// Registers a connection from `address`, closing the longest idle one of the same address
    /// (over its cap) or of all (over the total); `None` if the caps are full of connections
    /// answering requests.
    fn admit(&mut self, address: IpAddr, limits: &Limits) -> Option<Arc<Conn>> {
        if self.per_address.get(&address).copied().unwrap_or(0)
            >= limits.max_connections_per_address
            && !self.evict(|c| c.address == address)
        {
            return None;
        }
        if self.conns.len() >= limits.max_connections && !self.evict(|_| true) {
            return None;
        }
        self.next_id += 1;
        let conn = Arc::new(Conn {
            id: self.next_id,
            address,
            in_flight: AtomicUsize::new(0),
            active_ms: AtomicU64::new(0),
            epoch: Instant::now(),
            close: Notify::new(),
        });
        self.conns.insert(conn.id, conn.clone());
        *self.per_address.entry(address).or_insert(0) += 1;
        Some(conn)
    }
}

/// The socket, noting when bytes pass (the idle limit counts from the last one).
struct Watched {
    stream: TcpStream,
    conn: Arc<Conn>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.conn.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.conn.touch();
        }
        polled
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// The body of a request that must arrive within a time from its headers: past it, reading
/// it fails and its connection is told to close.
struct TimedBody {
    inner: Incoming,
    deadline: Pin<Box<tokio::time::Sleep>>,
    conn: Arc<Conn>,
}

/// What reading a body past its deadline gives.
#[derive(Debug)]
struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request's body did not arrive in time")
    }
}

impl std::error::Error for BodyTimedOut {}

impl Body for TimedBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            this.conn.close.notify_one();
            return Poll::Ready(Some(Err(BodyTimedOut.into())));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A request being answered: the connection is busy until it is dropped.
struct Busy(Arc<Conn>);

impl Busy {
    fn start(conn: &Arc<Conn>) -> Self {
        conn.in_flight.fetch_add(1, Ordering::AcqRel);
        Self(conn.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Resolves once `conn` has been silent, with no request in progress, for `limit`.
async fn idle_for(conn: &Conn, limit: Duration) {
    loop {
        let deadline = conn.last_active() + limit;
        if Instant::now() >= deadline && conn.idle() {
            return;
        }
        let wake = deadline.max(Instant::now() + Duration::from_millis(50));
        tokio::time::sleep_until(wake.into()).await;
    }
}

/// Accepts connections on `listener` and serves `app` on each within `limits` until
/// `shutdown` resolves; then stops accepting, lets the requests in progress finish and
/// returns once every connection is closed.
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let registry = Arc::new(Mutex::new(Registry::default()));
    let (stop_tx, stop_rx) = watch::channel(false);
    // Each connection's task holds a sender: when all are dropped, every connection is done.
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors (or a connection reset before it was accepted):
                    // wait a little instead of spinning on the error.
                    if !matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
                    ) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
        };
        let admitted = registry
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .admit(peer.ip(), &limits);
        let Some(conn) = admitted else {
            continue; // every connection of the cap is answering a request: refused
        };
        let service = {
            let (app, conn) = (app.clone(), conn.clone());
            hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                let busy = Busy::start(&conn);
                let deadline = Box::pin(tokio::time::sleep(limits.body_read_timeout));
                let req = req.map(|inner| TimedBody {
                    inner,
                    deadline,
                    conn: conn.clone(),
                });
                let app = app.clone();
                async move {
                    let response = app.oneshot(req).await;
                    drop(busy);
                    response
                }
            })
        };
        let connection = http.serve_connection(
            TokioIo::new(Watched {
                stream,
                conn: conn.clone(),
            }),
            service,
        );
        let (registry, mut stop, alive) = (registry.clone(), stop_rx.clone(), alive_tx.clone());
        tokio::spawn(async move {
            let _alive = alive;
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                // Evicted, silent too long or its body too slow: dropping the connection closes
                // the socket.
                () = conn.close.notified() => {}
                () = idle_for(&conn, limits.idle_timeout) => {}
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            registry
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(conn.id);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(alive_tx);
    let _ = alive_rx.recv().await;
}
