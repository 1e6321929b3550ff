//! Log-in, log-out and the reader's language.

use super::prelude::*;
use super::session::{cookie, same_secret, LANG_COOKIE, LOGIN_COOKIE, SESSION_COOKIE};

/// The log-in form (`templates/login.html`).
#[derive(Template)]
#[template(path = "login.html")]
struct LoginForm<'a> {
    lang: Lang,
    error: Option<&'a str>,
    token: &'a str,
}

speaks!(LoginForm);

pub(super) async fn login_form(State(state): State<Shared>, headers: HeaderMap) -> Response {
    login_page(&state, lang_of(&headers), StatusCode::OK, None)
}

pub(super) fn login_page(
    state: &AppState,
    lang: Lang,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let token = match accounts::random_token() {
        Ok(t) => t,
        Err(e) => return internal(lang, &e),
    };
    let body = render(&LoginForm {
        lang,
        error,
        token: &token,
    });
    let mut r = html(status, page(lang, Msg::LogIn.text(lang), None, &body));
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, LOGIN_COOKIE, &token, Some(600)),
    );
    r
}

pub(super) async fn login(
    State(state): State<Shared>,
    headers: HeaderMap,
    PeerIp(peer): PeerIp,
    Form(f): Form<Fields>,
) -> Response {
    let lang = lang_of(&headers);
    // Log-in CSRF: the form's token must be the one the log-in page set in its cookie.
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(field(&f, "csrf"), &expected) {
        return forbidden(lang, Msg::TheLogInFormsSecurityToken.text(lang));
    }
    let name = field(&f, "name").to_owned();
    let password = f.get("password").cloned().unwrap_or_default();
    // Counted before the hash is verified, so that concurrent guesses cannot all pass.
    let Some(attempt) = state.login.reserve(&name, peer) else {
        return login_page(
            &state,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            Some(Msg::TooManyFailedLogInsFrom.text(lang)),
        );
    };
    let Some(admission) = state.login.admit() else {
        state.login.refund(attempt);
        let mut r = login_page(
            &state,
            lang,
            StatusCode::SERVICE_UNAVAILABLE,
            Some(Msg::TheServerIsBusyCheckingOther.text(lang)),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        return r;
    };
    let n = name.clone();
    let found = match read(&state, lang, move |t| accounts::account_with_hash(t, &n)).await {
        Ok(found) => found,
        Err(r) => {
            state.login.refund(attempt);
            return r;
        }
    };
    let Some(account) = state.login.verify(admission, found, password).await else {
        // The attempt stays counted.
        return login_page(
            &state,
            lang,
            StatusCode::UNAUTHORIZED,
            Some(Msg::WrongAccountOrPassword.text(lang)),
        );
    };
    state.login.succeeded(attempt);
    let who = account.name.clone();
    let (token, _) = match db(&state, lang, move |t| accounts::open_session(t, &who)).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let home = match &account.investor {
        Some(inv) => format!("/investor/{inv}"),
        None => "/".to_owned(),
    };
    let mut r = Redirect::to(&home).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            &state,
            SESSION_COOKIE,
            &token,
            Some(accounts::SESSION_HOURS * 3600),
        ),
    );
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, LOGIN_COOKIE, "", Some(0)),
    );
    r
}

pub(super) async fn logout(
    State(state): State<Shared>,
    auth: Auth,
    Form(f): Form<Fields>,
) -> Response {
    if let Err(r) = auth.check_token(&f) {
        return r;
    }
    let token = auth.token.clone();
    if let Err(r) = db(&state, auth.lang, move |t| {
        accounts::close_session(t, &token)
    })
    .await
    {
        return r;
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    r
}

pub(super) async fn set_lang(State(state): State<Shared>, Path(code): Path<String>) -> Response {
    let lang: Lang = code.parse().unwrap_or(Lang::Vi);
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, LANG_COOKIE, lang.code(), Some(365 * 86_400)),
    );
    r
}
