//! Who is asking: the session and log-in cookies, the reader's language, the logged-in
//! account ([`Auth`]) and the client's address ([`PeerIp`]).

use super::prelude::*;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use cookie::{Cookie, SameSite};
use subtle::ConstantTimeEq;

pub(super) const SESSION_COOKIE: &str = "grdpsim_session";
pub(super) const LOGIN_COOKIE: &str = "grdpsim_login";
pub(super) const LANG_COOKIE: &str = "lang";

/// The value of the request's cookie `name` (the `cookie` crate parses the header).
pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

pub(super) fn lang_of(headers: &HeaderMap) -> Lang {
    // Vietnamese unless the reader chose English.
    cookie(headers, LANG_COOKIE)
        .and_then(|c| c.parse().ok())
        .unwrap_or(Lang::Vi)
}

/// A `Set-Cookie` header for `name`: the whole site, `HttpOnly`, `SameSite=Strict`, `Secure`
/// when the page is served over https; kept `max_age` seconds (0 removes it).
pub(super) fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: Option<u64>,
) -> HeaderValue {
    let mut c = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.options.secure_cookies);
    if let Some(s) = max_age {
        c = c.max_age(cookie::time::Duration::seconds(
            i64::try_from(s).unwrap_or(i64::MAX),
        ));
    }
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Whether two secrets (tokens) are equal, in a time that does not depend on where they differ.
pub(super) fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
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
        match read(state, lang, move |tr| accounts::session(tr, &t)).await? {
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

    /// Refuses a form whose CSRF token is not the session's, and every form of a leader's
    /// account, which reads only (every route that changes something calls this first).
    pub(super) fn check_csrf(&self, fields: &Fields) -> Result<(), Response> {
        self.check_token(fields)?;
        if self.account.role.reads_only() {
            return Err(forbidden(
                self.lang,
                LoopMsg::ALeaderPostsNothing.text(self.lang),
            ));
        }
        Ok(())
    }

    /// Refuses a form whose CSRF token is not the session's (the log-out's only check: a
    /// leader may log out).
    pub(super) fn check_token(&self, fields: &Fields) -> Result<(), Response> {
        match fields.get("csrf") {
            Some(c) if same_secret(c, &self.csrf) => Ok(()),
            _ => Err(forbidden(
                self.lang,
                Msg::TheFormsSecurityTokenIsMissing.text(self.lang),
            )),
        }
    }

    pub(super) fn refuse_project(&self, code: &str) -> Response {
        forbidden(
            self.lang,
            &format!("{} {code}", Msg::ThisAccountMayNotReadOr.text(self.lang)),
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

pub(super) fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map_or("", |s| s.trim())
}
