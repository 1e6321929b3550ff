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

pub(super) fn message_page(status: StatusCode, lang: Lang, title: &str, text: &str) -> Response {
    html(
        status,
        page(
            lang,
            title,
            None,
            &format!("<p class=\"err\">{}</p>", esc(text)),
        ),
    )
}

pub(super) fn forbidden(lang: Lang, why: &str) -> Response {
    message_page(
        StatusCode::FORBIDDEN,
        lang,
        lang.pick("Forbidden", "Không có quyền truy cập"),
        why,
    )
}

pub(super) fn internal(lang: Lang, e: &GrdpsimError) -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        lang.pick("Error", "Lỗi"),
        &e.to_string(),
    )
}

/// Runs `f` on the tracker in the blocking pool (the store is one `SQLite` connection: one
/// request at a time uses it, so no two updates interleave).
pub(super) async fn db<T: Send + 'static>(
    state: &Shared,
    lang: Lang,
    f: impl FnOnce(&mut Tracker) -> Result<T, GrdpsimError> + Send + 'static,
) -> Result<T, Response> {
    on_monitor(state, lang, move |m| f(m.tracker_mut())).await
}

/// Runs `f` on the store's monitoring (the tracker's store with its indicators and findings),
/// like [`db`].
pub(super) async fn on_monitor<T: Send + 'static>(
    state: &Shared,
    lang: Lang,
    f: impl FnOnce(&mut Monitor) -> Result<T, GrdpsimError> + Send + 'static,
) -> Result<T, Response> {
    let state = state.clone();
    let out = tokio::task::spawn_blocking(move || {
        let mut m = state
            .monitor
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut m)
    })
    .await;
    match out {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(internal(lang, &e)),
        Err(_) => Err(message_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            "Error",
            "the request failed",
        )),
    }
}
