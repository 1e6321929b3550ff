//! Who is asking: the session and log-in cookies, the reader's language, the logged-in
//! account ([`Auth`]) and the client's address ([`PeerIp`]).

use super::prelude::*;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

pub(super) const SESSION_COOKIE: &str = "grdpsim_session";
pub(super) const LOGIN_COOKIE: &str = "grdpsim_login";
pub(super) const LANG_COOKIE: &str = "lang";

pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

pub(super) fn lang_of(headers: &HeaderMap) -> Lang {
    // Vietnamese unless the reader chose English.
    cookie(headers, LANG_COOKIE)
        .and_then(|c| c.parse().ok())
        .unwrap_or(Lang::Vi)
}

pub(super) fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: Option<u64>,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(s) = max_age {
        let _ = write!(c, "; Max-Age={s}");
    }
    if state.options.secure_cookies {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A logged-in request: the account, its session's CSRF token and the reader's language.
pub(super) struct Auth {
    pub(super) account: Account,
    pub(super) csrf: String,
    pub(super) token: String,
    pub(super) lang: Lang,
}

impl FromRequestParts<Shared> for Auth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        let lang = lang_of(&parts.headers);
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(Redirect::to("/login").into_response());
        };
        let t = token.clone();
        match db(state, lang, move |tr| accounts::session(tr, &t)).await? {
            Some((account, csrf)) => Ok(Self {
                account,
                csrf,
                token,
                lang,
            }),
            None => Err(Redirect::to("/login").into_response()),
        }
    }
}

impl Auth {
    pub(super) fn page(&self, title: &str, body: &str) -> Response {
        html(
            StatusCode::OK,
            page(self.lang, title, Some((&self.account, &self.csrf)), body),
        )
    }

    /// Refuses a form whose CSRF token is not the session's.
    pub(super) fn check_csrf(&self, fields: &Fields) -> Result<(), Response> {
        match fields.get("csrf") {
            Some(c) if constant_time_eq(c.as_bytes(), self.csrf.as_bytes()) => Ok(()),
            _ => Err(forbidden(
                self.lang,
                self.lang.pick(
                    "The form's security token is missing or wrong (CSRF): reload the page.",
                    "Thiếu hoặc sai mã bảo vệ của biểu mẫu (CSRF): hãy tải lại trang.",
                ),
            )),
        }
    }

    pub(super) fn refuse_project(&self, code: &str) -> Response {
        forbidden(
            self.lang,
            &format!(
                "{} {code}",
                self.lang.pick(
                    "This account may not read or change project",
                    "Tài khoản này không được xem hoặc sửa dự án"
                )
            ),
        )
    }
}

/// The client's address when the server knows it (not in tests that call the router directly).
pub(super) struct PeerIp(pub(super) Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

pub(super) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(super) fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map_or("", |s| s.trim())
}
