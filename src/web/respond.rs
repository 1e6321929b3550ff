//! Answers: HTML pages and error pages, and the store reached off the async workers.

use super::prelude::*;
use crate::disbursement::Tracker;
use crate::monitoring::Monitor;

pub(super) fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A page that says one thing (`templates/message.html`).
#[derive(Template)]
#[template(path = "message.html")]
struct Message<'a> {
    text: &'a str,
}

pub(super) fn message_page(status: StatusCode, lang: Lang, title: &str, text: &str) -> Response {
    html(status, page(lang, title, None, &render(&Message { text })))
}

pub(super) fn forbidden(lang: Lang, why: &str) -> Response {
    message_page(StatusCode::FORBIDDEN, lang, Msg::Forbidden.text(lang), why)
}

/// Refuses an investor's account a page that covers every investor's projects, saying `why`
/// in the page's language.
pub(super) fn not_for_investors(auth: &Auth, why: Msg) -> Result<(), Response> {
    if auth.account.role == Role::Investor {
        return Err(forbidden(auth.lang, why.text(auth.lang)));
    }
    Ok(())
}

/// The page of a request that failed in the store or the server: it says what to do and
/// nothing of the cause (a database message names the store's file, its tables, `SQLite`); the
/// cause goes to the server's log (standard error of `grdpsim serve`).
pub(super) fn internal(lang: Lang, e: &GrdpsimError) -> Response {
    eprintln!("grdpsim serve: error: {e}");
    failed(lang)
}

/// The page of a request that failed, without a cause to show.
pub(super) fn failed(lang: Lang) -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        Msg::Error.text(lang),
        Msg::RequestFailed.text(lang),
    )
}

/// The page of a project or investor that does not exist (`code` is what was asked for).
pub(super) fn not_found(lang: Lang, code: &str) -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        lang,
        Msg::NotFound.text(lang),
        &format!("{code}?"),
    )
}

/// Runs `f` on the tracker's writer in the blocking pool (one request at a time uses it, so
/// no two updates interleave): for the handlers that write. Those that only read use [`read`].
pub(super) async fn db<T: Send + 'static>(
    state: &Shared,
    lang: Lang,
    f: impl FnOnce(&mut Tracker) -> Result<T, GrdpsimError> + Send + 'static,
) -> Result<T, Response> {
    on_monitor(state, lang, move |m| f(&mut m.tracker())).await
}

/// Runs `f` on the store's monitoring (the tracker's store with its indicators and findings),
/// like [`db`].
pub(super) async fn on_monitor<T: Send + 'static>(
    state: &Shared,
    lang: Lang,
    f: impl FnOnce(&mut Monitor) -> Result<T, GrdpsimError> + Send + 'static,
) -> Result<T, Response> {
    let state = state.clone();
    answer(
        lang,
        tokio::task::spawn_blocking(move || {
            let mut m = state
                .monitor
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut m)
        })
        .await,
    )
}

/// Runs `f` on the tracker reading through the store's read-only connections, in the
/// blocking pool beside other reads and the writer (each view sees the last committed
/// state): for the handlers that only read. A write through it is refused.
pub(super) async fn read<T: Send + 'static>(
    state: &Shared,
    lang: Lang,
    f: impl FnOnce(&Tracker) -> Result<T, GrdpsimError> + Send + 'static,
) -> Result<T, Response> {
    read_monitor(state, lang, move |m| f(&m.tracker())).await
}

/// Runs `f` on the store's monitoring through the read-only connections, like [`read`]; with
/// no read connections ([`super::ServerOptions::read_connections`] 0), on the writer like
/// [`on_monitor`].
pub(super) async fn read_monitor<T: Send + 'static>(
    state: &Shared,
    lang: Lang,
    f: impl FnOnce(&Monitor) -> Result<T, GrdpsimError> + Send + 'static,
) -> Result<T, Response> {
    let Some(m) = state.reader.clone() else {
        return on_monitor(state, lang, move |m| f(m)).await;
    };
    answer(lang, tokio::task::spawn_blocking(move || f(&m)).await)
}

/// A blocking task's outcome as a handler's: its value, or the error page.
fn answer<T>(
    lang: Lang,
    out: Result<Result<T, GrdpsimError>, tokio::task::JoinError>,
) -> Result<T, Response> {
    match out {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(internal(lang, &e)),
        Err(e) => {
            eprintln!("grdpsim serve: error: a request's store task failed: {e}");
            Err(failed(lang))
        }
    }
}
