//! Routes, access checks and pages. Every read comes from the tracker's views; every write is
//! one of the tracker's all-or-nothing imports, recorded under the account's name.

// A handler's early answer (a refusal, a redirect) is a whole `Response`, carried in `Err` by
// the access checks; and a page is written top to bottom in one function, as it reads.
#![allow(clippy::result_large_err, clippy::too_many_lines)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Multipart, Path, Query, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};

use super::accounts::{self, Account, Role};
use super::html::{csrf_field, esc, page, s_curve_svg, table_head};
use super::AppState;
use crate::disbursement::{
    Coverage, ImportKind, Level, PaymentSource, ProjectInfo, RankingRule, RawTable, Tracker,
    OBSTACLE_COLUMNS, PAYMENT_COLUMNS, PROJECT_COLUMNS,
};
use crate::error::{GrdpsimError, RowProblem};
use crate::io::tables::{normalise_header, read_csv_text, read_workbook_bytes};
use crate::lang::Lang;
use crate::monitoring::{Context, Date, Digest, History, Monitor, Severity};

type Shared = Arc<AppState>;
type Fields = HashMap<String, String>;

const SESSION_COOKIE: &str = "grdpsim_session";
const LOGIN_COOKIE: &str = "grdpsim_login";
const LANG_COOKIE: &str = "lang";

pub(crate) fn routes(state: Shared) -> Router {
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(set_lang))
        .route("/", get(province))
        .route("/investor/{code}", get(investor))
        .route("/project/{code}", get(project))
        .route("/week", post(week))
        .route("/week/withdraw", post(withdraw))
        .route("/obstacle", post(obstacle))
        .route("/responsible", post(responsible))
        .route("/treasury", get(treasury))
        .route("/treasury/payment", post(treasury_payment))
        .route("/upload", post(upload))
        .route("/digest", get(digest))
        .route("/admin", get(admin))
        .route("/admin/account", post(admin_account))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

// ---------------------------------------------------------------------------------------------
// Plumbing: cookies, language, the database off the async workers, error pages.

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn lang_of(headers: &HeaderMap) -> Lang {
    // Vietnamese unless the reader chose English.
    cookie(headers, LANG_COOKIE)
        .and_then(|c| c.parse().ok())
        .unwrap_or(Lang::Vi)
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(s) = max_age {
        let _ = write!(c, "; Max-Age={s}");
    }
    if state.options.secure_cookies {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn message_page(status: StatusCode, lang: Lang, title: &str, text: &str) -> Response {
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

fn forbidden(lang: Lang, why: &str) -> Response {
    message_page(
        StatusCode::FORBIDDEN,
        lang,
        lang.pick("Forbidden", "Không có quyền truy cập"),
        why,
    )
}

fn internal(lang: Lang, e: &GrdpsimError) -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        lang.pick("Error", "Lỗi"),
        &e.to_string(),
    )
}

/// Runs `f` on the tracker in the blocking pool (the store is one `SQLite` connection: one
/// request at a time uses it, so no two updates interleave).
async fn db<T: Send + 'static>(
    state: &Shared,
    lang: Lang,
    f: impl FnOnce(&mut Tracker) -> Result<T, GrdpsimError> + Send + 'static,
) -> Result<T, Response> {
    on_monitor(state, lang, move |m| f(&mut m.tracker())).await
}

/// Runs `f` on the store's monitoring (the tracker's store with its indicators and findings),
/// like [`db`].
async fn on_monitor<T: Send + 'static>(
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

/// The week the pages are as of, with its reporting: the province's default as-of (the latest
/// week that the calendar's share of projects reported, in the tracker's payment source), or
/// the year's first day before any week has.
fn coverage(t: &Tracker) -> Result<Coverage, GrdpsimError> {
    match t.default_as_of()? {
        Some(c) => Ok(c),
        None => t.coverage(t.year_start()),
    }
}

/// The as-of date of the pages ([`coverage`]).
fn as_of(t: &Tracker) -> Result<Date, GrdpsimError> {
    Ok(coverage(t)?.as_of)
}

/// "As of 2025-08-29 (193 of 300 projects reported)": which week a page shows.
fn as_of_line(c: &Coverage, lang: Lang) -> String {
    format!(
        "{} <strong id=\"as-of\">{}</strong> (<span id=\"coverage\">{}</span>)",
        lang.pick("As of", "Tính đến"),
        c.as_of,
        esc(&c.reported_in(lang))
    )
}

/// A logged-in request: the account, its session's CSRF token and the reader's language.
pub(crate) struct Auth {
    account: Account,
    csrf: String,
    token: String,
    lang: Lang,
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
    fn page(&self, title: &str, body: &str) -> Response {
        html(
            StatusCode::OK,
            page(self.lang, title, Some((&self.account, &self.csrf)), body),
        )
    }

    /// Refuses a form whose CSRF token is not the session's.
    fn check_csrf(&self, fields: &Fields) -> Result<(), Response> {
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

    fn refuse_project(&self, code: &str) -> Response {
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
pub(crate) struct PeerIp(Option<std::net::IpAddr>);

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

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map_or("", |s| s.trim())
}

// ---------------------------------------------------------------------------------------------
// Reads of the store that the tracker's views do not give one project at a time.

/// The projects an account may read (`None`: all of them).
fn readable_projects(t: &Tracker, a: &Account) -> Result<Option<HashSet<String>>, GrdpsimError> {
    match (&a.role, &a.investor) {
        (Role::Investor, Some(inv)) => Ok(Some(
            t.projects_of(inv)?.into_iter().map(|(c, _)| c).collect(),
        )),
        (Role::Investor, None) => Ok(Some(HashSet::new())),
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// Log-in and language.

async fn login_form(State(state): State<Shared>, headers: HeaderMap) -> Response {
    login_page(&state, lang_of(&headers), StatusCode::OK, None)
}

fn login_page(state: &AppState, lang: Lang, status: StatusCode, error: Option<&str>) -> Response {
    let Ok(token) = accounts::random_token() else {
        return message_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            "Error",
            "no randomness",
        );
    };
    let err = error.map_or(String::new(), |e| {
        format!("<p class=\"err\" id=\"login-error\">{}</p>", esc(e))
    });
    let body = format!(
        "{err}<form class=\"box\" method=\"post\" action=\"/login\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\
         <label>{u} <input name=\"name\" id=\"name\" autocomplete=\"username\" required></label>\
         <label>{p} <input name=\"password\" id=\"password\" type=\"password\" \
         autocomplete=\"current-password\" required></label>\
         <button id=\"login\">{b}</button></form>",
        u = lang.pick("Account", "Tài khoản"),
        p = lang.pick("Password", "Mật khẩu"),
        b = lang.pick("Log in", "Đăng nhập"),
    );
    let mut r = html(
        status,
        page(lang, lang.pick("Log in", "Đăng nhập"), None, &body),
    );
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, LOGIN_COOKIE, &token, Some(600)),
    );
    r
}

async fn login(
    State(state): State<Shared>,
    headers: HeaderMap,
    PeerIp(peer): PeerIp,
    Form(f): Form<Fields>,
) -> Response {
    let lang = lang_of(&headers);
    // Log-in CSRF: the form's token must be the one the log-in page set in its cookie.
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(field(&f, "csrf").as_bytes(), expected.as_bytes()) {
        return forbidden(
            lang,
            lang.pick(
                "The log-in form's security token is missing or wrong (CSRF): reload the page.",
                "Thiếu hoặc sai mã bảo vệ của biểu mẫu đăng nhập (CSRF): hãy tải lại trang.",
            ),
        );
    }
    let name = field(&f, "name").to_owned();
    let password = f.get("password").cloned().unwrap_or_default();
    // Counted before the hash is verified, so that concurrent guesses cannot all pass.
    let Some(attempt) = state.login.reserve(&name, peer) else {
        return login_page(
            &state,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            Some(lang.pick(
                "Too many failed log-ins from this address: wait a few minutes.",
                "Đăng nhập sai quá nhiều lần từ địa chỉ này: hãy chờ vài phút.",
            )),
        );
    };
    let Some(admission) = state.login.admit() else {
        state.login.refund(attempt);
        let mut r = login_page(
            &state,
            lang,
            StatusCode::SERVICE_UNAVAILABLE,
            Some(lang.pick(
                "The server is busy checking other log-ins: try again in a moment.",
                "Máy chủ đang bận kiểm tra các lượt đăng nhập khác: hãy thử lại sau giây lát.",
            )),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        return r;
    };
    let n = name.clone();
    let found = match db(&state, lang, move |t| accounts::account_with_hash(t, &n)).await {
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
            Some(lang.pick("Wrong account or password.", "Sai tài khoản hoặc mật khẩu.")),
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

async fn logout(State(state): State<Shared>, auth: Auth, Form(f): Form<Fields>) -> Response {
    if let Err(r) = auth.check_csrf(&f) {
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

async fn set_lang(State(state): State<Shared>, Path(code): Path<String>) -> Response {
    let lang: Lang = code.parse().unwrap_or(Lang::Vi);
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, LANG_COOKIE, lang.code(), Some(365 * 86_400)),
    );
    r
}

// ---------------------------------------------------------------------------------------------
// The province: weekly status by capital source and the ranking of investors.

fn source_param(q: &Fields) -> PaymentSource {
    q.get("source")
        .and_then(|s| PaymentSource::parse(s).ok())
        .unwrap_or(PaymentSource::Treasury)
}

async fn province(State(state): State<Shared>, auth: Auth, Query(q): Query<Fields>) -> Response {
    let lang = auth.lang;
    let source = source_param(&q);
    let sort = q.get("sort").cloned().unwrap_or_else(|| "rank".into());
    let desc = q.get("dir").is_some_and(|d| d == "desc");
    let read = db(&state, lang, move |t| {
        let t = &t.view(source);
        let c = coverage(t)?;
        let d = c.as_of;
        Ok((
            c,
            t.status(d, Level::CapitalSource)?,
            t.ranking(d, RankingRule::default())?,
            t.s_curve(d)?,
            t.projection(d)?,
        ))
    })
    .await;
    let (c, status, mut ranking, curve, proj) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<p>{} · {} <strong>{}</strong> · \
         <a href=\"/?source={}\">{}</a></p>",
        as_of_line(&c, lang),
        lang.pick("payments as recorded by", "số liệu giải ngân theo"),
        match source {
            PaymentSource::Treasury => lang.pick("the State Treasury", "Kho bạc Nhà nước"),
            PaymentSource::Investor => lang.pick("the investors", "chủ đầu tư báo cáo"),
        },
        match source {
            PaymentSource::Treasury => "investor",
            PaymentSource::Investor => "treasury",
        },
        match source {
            PaymentSource::Treasury =>
                lang.pick("see investors' figures", "xem số chủ đầu tư báo cáo"),
            PaymentSource::Investor => lang.pick("see the Treasury's figures", "xem số Kho bạc"),
        },
    );
    let t = &status.total;
    let _ = write!(
        b,
        "<p>{}: <strong id=\"province-rate\">{} %</strong> ({} / {} {}); {}: {} %</p>",
        lang.pick("Disbursement rate", "Tỷ lệ giải ngân"),
        lang.number(t.rate_pct, 1),
        lang.grouped(t.paid, 1),
        lang.grouped(t.plan, 1),
        lang.pick("million VND", "triệu đồng"),
        lang.pick(
            "year end at the pace of the last 4 weeks",
            "cuối năm theo nhịp 4 tuần gần nhất"
        ),
        lang.number(proj.at_pace_rate_pct, 1),
    );
    b.push_str(&s_curve_svg(&curve, lang, "s-curve-province"));
    let _ = write!(
        b,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>%</th></tr>",
        lang.pick("By capital source", "Theo nguồn vốn"),
        lang.pick("Source", "Nguồn vốn"),
        lang.pick("Plan", "Kế hoạch"),
        lang.pick("Paid", "Đã giải ngân"),
    );
    for r in &status.rows {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.name),
            lang.grouped(r.plan, 1),
            lang.grouped(r.paid, 1),
            lang.number(r.rate_pct, 1)
        );
    }
    b.push_str("</table>");
    // Sortable by any column: links, so that it works without a script.
    let key = |r: &crate::disbursement::RankRow| -> f64 {
        match sort.as_str() {
            "rate" => r.rate_pct,
            "paid" => r.paid,
            "plan" => r.plan,
            "projects" => r.projects as f64,
            _ => r.rank.map_or(f64::INFINITY, |k| k as f64),
        }
    };
    if sort == "name" {
        ranking.rows.sort_by(|a, b| a.name.cmp(&b.name));
    } else {
        ranking.rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
    }
    if desc {
        ranking.rows.reverse();
    }
    let src = source.as_str();
    let head = |col: &str, label: &str| -> String {
        let dir = if sort == col && !desc { "desc" } else { "asc" };
        format!("<th><a href=\"/?source={src}&amp;sort={col}&amp;dir={dir}\">{label}</a></th>")
    };
    let _ = write!(
        b,
        "<h2>{}</h2><table id=\"ranking\"><tr>{}{}{}{}{}{}<th>{}</th></tr>",
        lang.pick("Ranking of investors", "Xếp hạng chủ đầu tư"),
        head("rank", lang.pick("Rank", "Hạng")),
        head("name", lang.pick("Investor", "Chủ đầu tư")),
        head("plan", lang.pick("Plan", "Kế hoạch")),
        head("paid", lang.pick("Paid", "Đã giải ngân")),
        head("rate", "%"),
        head("projects", lang.pick("Projects", "Số dự án")),
        lang.pick("Note", "Ghi chú"),
    );
    for r in &ranking.rows {
        let name = if auth.account.may_read(&r.investor) {
            format!(
                "<a href=\"/investor/{0}\">{1}</a>",
                esc(&r.investor),
                esc(&r.name)
            )
        } else {
            esc(&r.name)
        };
        let _ = write!(
            b,
            "<tr data-investor=\"{}\"><td class=\"n rank\">{}</td><td>{name}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n rate\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&r.investor),
            r.rank.map_or(String::new(), |k| k.to_string()),
            lang.grouped(r.plan, 1),
            lang.grouped(r.paid, 1),
            lang.number(r.rate_pct, 1),
            r.projects,
            esc(&ranking.note_in(r, lang)),
        );
    }
    b.push_str("</table>");
    auth.page(
        lang.pick(
            "Weekly disbursement status",
            "Tình hình giải ngân hằng tuần",
        ),
        &b,
    )
}

// ---------------------------------------------------------------------------------------------
// An investor's projects: count-down and S-curve.

async fn investor(State(state): State<Shared>, auth: Auth, Path(code): Path<String>) -> Response {
    let lang = auth.lang;
    if !auth.account.may_read(&code) {
        return forbidden(
            lang,
            &format!(
                "{} {code}",
                lang.pick(
                    "This account may not read the projects of investor",
                    "Tài khoản này không được xem dự án của chủ đầu tư"
                )
            ),
        );
    }
    let c = code.clone();
    let read = db(&state, lang, move |t| {
        let Some(name) = t.investor_name(&c)? else {
            return Ok(None);
        };
        let cov = coverage(t)?;
        let d = cov.as_of;
        let mine_named = t.projects_of(&c)?;
        let mine: HashSet<String> = mine_named.iter().map(|p| p.0.clone()).collect();
        let rows: Vec<_> = t
            .countdown(d, Level::Project)?
            .into_iter()
            .filter(|r| mine.contains(&r.key))
            .collect();
        let total = t
            .countdown(d, Level::Investor)?
            .into_iter()
            .find(|r| r.key == c);
        Ok(Some((
            name,
            cov,
            mine_named,
            rows,
            total,
            t.s_curve_of(d, Some(&c), None)?,
        )))
    })
    .await;
    let (name, cov, mine, rows, total, curve) = match read {
        Ok(Some(v)) => v,
        Ok(None) => {
            return message_page(StatusCode::NOT_FOUND, lang, "404", &format!("{code}?"));
        }
        Err(r) => return r,
    };
    let mut b = format!("<p>{}</p>", as_of_line(&cov, lang));
    if let Some(t) = &total {
        let _ = write!(
            b,
            "<p>{}: <strong>{}</strong> {m}; {}: <strong>{}</strong> {m} ({} {}); SPI {}</p>",
            lang.pick("Remaining to pay", "Còn phải giải ngân"),
            lang.grouped(t.remaining, 1),
            lang.pick("needed per week", "cần mỗi tuần"),
            lang.grouped(t.needed_per_week, 1),
            t.weeks_left,
            lang.pick("weeks left", "tuần còn lại"),
            lang.number(t.spi, 2),
            m = lang.pick("million VND", "triệu đồng"),
        );
    }
    b.push_str(&s_curve_svg(&curve, lang, "s-curve-investor"));
    let _ = write!(
        b,
        "<h2>{}</h2><table id=\"projects\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th>SPI</th><th>{}</th></tr>",
        lang.pick(
            "Projects, the furthest behind first",
            "Dự án, chậm nhất trước"
        ),
        lang.pick("Project", "Dự án"),
        lang.pick("Plan", "Kế hoạch"),
        lang.pick("Paid", "Đã giải ngân"),
        lang.pick("Remaining", "Còn lại"),
        lang.pick("Behind the monthly plan", "Chậm so với kế hoạch tháng"),
        lang.pick("Needed per week", "Cần mỗi tuần"),
    );
    for r in &rows {
        let _ = write!(
            b,
            "<tr class=\"{}\"><td><a href=\"/project/{k}\">{k}</a> {}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            r.band.as_str(),
            esc(&r.name),
            lang.grouped(r.plan, 1),
            lang.grouped(r.paid, 1),
            lang.grouped(r.remaining, 1),
            lang.grouped(r.behind, 1),
            lang.number(r.spi, 2),
            lang.grouped(r.needed_per_week, 1),
            k = esc(&r.key),
        );
    }
    b.push_str("</table>");
    if auth.account.may_write_investor_figures(&code) {
        let (select, week) = (project_select(&mine), cov.as_of.to_string());
        b.push_str(&correct_form(&auth, &select, &week));
        b.push_str(&withdraw_form(&auth, &FormState::default(), &select, &week));
    }
    auth.page(&name, &b)
}

/// A choice among the investor's own projects (code, name).
fn project_select(projects: &[(String, String)]) -> String {
    let mut out = String::from("<select name=\"project\">");
    for (code, name) in projects {
        let _ = write!(
            out,
            "<option value=\"{0}\">{0} {1}</option>",
            esc(code),
            esc(name)
        );
    }
    out.push_str("</select>");
    out
}

/// The investor's form to correct a week's figure: the weekly report again, which replaces
/// it (answered on the project's page, like the weekly report); `project` is the project field.
fn correct_form(auth: &Auth, project: &str, week: &str) -> String {
    let lang = auth.lang;
    let form = FormState::default();
    format!(
        "<form class=\"box\" id=\"correct-form\" method=\"post\" action=\"/week\">\
         <strong>{}</strong>{}<label>{} {project}</label>{}{}<button id=\"correct-submit\">{}</button></form>",
        lang.pick("Correct a week's figure", "Sửa số liệu một tuần"),
        csrf_field(&auth.csrf),
        lang.pick("Project", "Dự án"),
        form.input("correct", "week_ending", lang.pick("Week ending", "Tuần kết thúc ngày"), "date", week),
        form.input(
            "correct",
            "amount",
            lang.pick("Paid in the week (million VND)", "Giải ngân trong tuần (triệu đồng)"),
            "text",
            ""
        ),
        lang.pick("Save the correction", "Lưu số đã sửa"),
    )
}

/// The investor's form to withdraw its figure for a week; `project` is the project field (a
/// hidden one on a project's page, a choice on the investor's).
fn withdraw_form(auth: &Auth, form: &FormState, project: &str, week: &str) -> String {
    let lang = auth.lang;
    format!(
        "<form class=\"box\" id=\"withdraw-form\" method=\"post\" action=\"/week/withdraw\">\
         <strong>{}</strong>{}<label>{} {project}</label>{}<button id=\"withdraw-submit\">{}</button></form>",
        lang.pick(
            "Withdraw a week's figure entered by mistake",
            "Rút số liệu một tuần nhập nhầm"
        ),
        csrf_field(&auth.csrf),
        lang.pick("Project", "Dự án"),
        form.input("withdraw", "week_ending", lang.pick("Week ending", "Tuần kết thúc ngày"), "date", week),
        lang.pick("Withdraw", "Rút số liệu"),
    )
}

// ---------------------------------------------------------------------------------------------
// A project: history, obstacles, and the forms of the investor (and of the Treasury).

/// What a rejected form sends back: the values typed and the error of each field.
#[derive(Default)]
struct FormState {
    form: &'static str,
    values: Fields,
    errors: HashMap<String, String>,
    done: Option<String>,
}

impl FormState {
    fn value(&self, form: &str, name: &str, default: &str) -> String {
        if self.form == form {
            self.values
                .get(name)
                .cloned()
                .unwrap_or_else(|| default.to_owned())
        } else {
            default.to_owned()
        }
    }

    fn error(&self, form: &str, name: &str) -> String {
        match self.errors.get(name) {
            Some(e) if self.form == form => {
                format!(
                    " <span class=\"err\" id=\"{form}-{name}-error\">{}</span>",
                    esc(e)
                )
            }
            _ => String::new(),
        }
    }

    fn input(&self, form: &str, name: &str, label: &str, kind: &str, default: &str) -> String {
        format!(
            "<label>{label} <input name=\"{name}\" id=\"{form}-{name}\" type=\"{kind}\" \
             value=\"{}\">{}</label>",
            esc(&self.value(form, name, default)),
            self.error(form, name)
        )
    }
}

async fn project(State(state): State<Shared>, auth: Auth, Path(code): Path<String>) -> Response {
    render_project(&state, &auth, code, FormState::default()).await
}

async fn render_project(state: &Shared, auth: &Auth, code: String, form: FormState) -> Response {
    let lang = auth.lang;
    let c = code.clone();
    let read = db(state, lang, move |t| {
        let Some(info) = t.project_info(&c)? else {
            return Ok(None);
        };
        let cov = coverage(t)?;
        let d = cov.as_of;
        let history = t.payment_history(&c)?;
        let obstacles = t.obstacles_of(&c)?;
        let count = t
            .countdown(d, Level::Project)?
            .into_iter()
            .find(|r| r.key == c);
        Ok(Some((
            info,
            cov,
            history,
            obstacles,
            count,
            t.s_curve_of(d, None, Some(&c))?,
        )))
    })
    .await;
    let (info, cov, history, obstacles, count, curve) = match read {
        Ok(Some(v)) => v,
        // An unknown project and another investor's look the same to an investor.
        Ok(None) if auth.account.role == Role::Investor => return auth.refuse_project(&code),
        Ok(None) => return message_page(StatusCode::NOT_FOUND, lang, "404", &format!("{code}?")),
        Err(r) => return r,
    };
    if !auth.account.may_read(&info.investor) {
        return auth.refuse_project(&code);
    }
    let d = cov.as_of;
    let mut b = String::new();
    if let Some(done) = &form.done {
        let _ = write!(b, "<p class=\"ok\" id=\"done\">{}</p>", esc(done));
    }
    let _ = write!(b, "<p>{}</p>", as_of_line(&cov, lang));
    let _ = write!(
        b,
        "<table><tr><th>{}</th><td><a href=\"/investor/{i}\">{}</a></td></tr>\
         <tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td id=\"responsible\">{}</td></tr>\
         <tr><th>{}</th><td>{}</td></tr></table>",
        lang.pick("Investor", "Chủ đầu tư"),
        esc(&info.investor_name),
        lang.pick("Capital source", "Nguồn vốn"),
        esc(&info.source),
        lang.pick("Responsible", "Người chịu trách nhiệm"),
        esc(&info.responsible),
        lang.pick("Location", "Địa điểm"),
        esc(&info.location),
        i = esc(&info.investor),
    );
    if let Some(r) = &count {
        let _ = write!(
            b,
            "<p class=\"{}\">{} {d}: {} {m} {}, {} {} {} {} {m}, SPI {}</p>",
            r.band.as_str(),
            lang.pick("Count-down to", "Trừ lùi đến"),
            lang.grouped(r.remaining, 1),
            lang.pick("remaining", "còn lại"),
            r.weeks_left,
            lang.pick("weeks left,", "tuần còn lại,"),
            lang.pick("needed per week", "cần mỗi tuần"),
            lang.grouped(r.needed_per_week, 1),
            lang.number(r.spi, 2),
            m = lang.pick("million VND", "triệu đồng"),
        );
    }
    b.push_str(&s_curve_svg(&curve, lang, "s-curve-project"));
    let a = &auth.account;
    let csrf = csrf_field(&auth.csrf);
    let hidden = format!(
        "<input type=\"hidden\" name=\"project\" value=\"{}\">",
        esc(&info.code)
    );
    if a.may_write_investor_figures(&info.investor) {
        let _ = write!(
            b,
            "<form class=\"box\" id=\"week-form\" method=\"post\" action=\"/week\">\
             <strong>{}</strong>{csrf}{hidden}{}{}{}<button id=\"week-submit\">{}</button></form>",
            lang.pick("Weekly report (investor)", "Báo cáo tuần (chủ đầu tư)"),
            form.input(
                "week",
                "week_ending",
                lang.pick("Week ending", "Tuần kết thúc ngày"),
                "date",
                &d.to_string()
            ),
            form.input(
                "week",
                "amount",
                lang.pick(
                    "Paid in the week (million VND)",
                    "Giải ngân trong tuần (triệu đồng)"
                ),
                "text",
                ""
            ),
            form.error("week", "project"),
            lang.pick("Save", "Lưu"),
        );
        let _ = write!(
            b,
            "<form class=\"box\" id=\"obstacle-form\" method=\"post\" action=\"/obstacle\">\
             <strong>{}</strong>{csrf}{hidden}{}{}{}{}{}{}{}<button id=\"obstacle-submit\">{}</button></form>",
            lang.pick("Obstacle (new, or update by its description)", "Vướng mắc (mới, hoặc cập nhật theo nội dung)"),
            form.input("obstacle", "description", lang.pick("Description", "Nội dung"), "text", ""),
            form.input("obstacle", "reported", lang.pick("Reported on", "Ngày báo cáo"), "date", &d.to_string()),
            form.input("obstacle", "agency", lang.pick("Agency to resolve it", "Cơ quan xử lý"), "text", ""),
            form.input("obstacle", "person", lang.pick("Person responsible", "Người phụ trách"), "text", ""),
            form.input("obstacle", "deadline", lang.pick("Deadline", "Hạn xử lý"), "date", ""),
            form.input("obstacle", "status", lang.pick("Status (open / resolved)", "Trạng thái (open / resolved)"), "text", "open"),
            form.error("obstacle", "project"),
            lang.pick("Save", "Lưu"),
        );
        let _ = write!(
            b,
            "<form class=\"box\" id=\"responsible-form\" method=\"post\" action=\"/responsible\">\
             <strong>{}</strong>{csrf}{hidden}{}<button id=\"responsible-submit\">{}</button></form>",
            lang.pick("Responsible person", "Người chịu trách nhiệm"),
            form.input("responsible", "responsible", lang.pick("Name", "Họ tên"), "text", &info.responsible),
            lang.pick("Save", "Lưu"),
        );
        b.push_str(&withdraw_form(
            auth,
            &form,
            &format!("{hidden}<strong>{}</strong>", esc(&info.code)),
            &d.to_string(),
        ));
    }
    if matches!(a.role, Role::Treasury | Role::Admin) {
        let _ = write!(
            b,
            "<form class=\"box\" id=\"treasury-form\" method=\"post\" action=\"/treasury/payment\">\
             <strong>{}</strong>{csrf}{hidden}{}{}<button id=\"treasury-submit\">{}</button></form>",
            lang.pick("Payment recorded by the State Treasury", "Số thanh toán của Kho bạc"),
            form.input("treasury", "week_ending", lang.pick("Week ending", "Tuần kết thúc ngày"), "date", &d.to_string()),
            form.input("treasury", "amount", lang.pick("Paid in the week (million VND)", "Thanh toán trong tuần (triệu đồng)"), "text", ""),
            lang.pick("Save", "Lưu"),
        );
    }
    let _ = write!(
        b,
        "<h2>{}</h2><table id=\"obstacles\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("Obstacles", "Vướng mắc"),
        lang.pick("Description", "Nội dung"),
        lang.pick("Reported", "Ngày báo cáo"),
        lang.pick("Agency", "Cơ quan xử lý"),
        lang.pick("Person", "Người phụ trách"),
        lang.pick("Deadline", "Hạn"),
        lang.pick("Status", "Trạng thái"),
        lang.pick("Resolution", "Kết quả"),
    );
    for o in &obstacles {
        b.push_str("<tr>");
        for cell in o {
            let _ = write!(b, "<td>{}</td>", esc(cell));
        }
        b.push_str("</tr>");
    }
    let _ = write!(
        b,
        "</table><h2>{}</h2>{}",
        lang.pick("Weekly payments", "Giải ngân theo tuần"),
        table_head(
            "history",
            &[
                lang.pick("Week ending", "Tuần kết thúc"),
                lang.pick("Investor's report", "Chủ đầu tư báo cáo"),
                lang.pick("State Treasury", "Kho bạc"),
            ],
        ),
    );
    for (w, inv, tre) in &history {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(w),
            inv.map_or("–".into(), |x| lang.grouped(x, 1)),
            tre.map_or("–".into(), |x| lang.grouped(x, 1)),
        );
    }
    b.push_str("</table>");
    let mut r = auth.page(&format!("{} · {}", info.code, info.name), &b);
    if !form.errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// Imports one row typed in a form, as the command-line import would, and shows the project
/// again: with the import's verdict next to the fields it names, or with what was saved.
async fn save_row(
    state: &Shared,
    auth: &Auth,
    form_name: &'static str,
    fields: Fields,
    header: &[&str],
    cells: Vec<String>,
) -> Response {
    let lang = auth.lang;
    let code = field(&fields, "project").to_owned();
    let table = RawTable {
        sheet: None,
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows: vec![(2, cells)],
    };
    let who = auth.account.name.clone();
    let source_name = format!("web form {form_name}");
    let out = db(state, lang, move |t| {
        Ok(t.import_tables(&source_name, vec![table], &who))
    })
    .await;
    let mut form = FormState {
        form: form_name,
        values: fields,
        ..FormState::default()
    };
    match out {
        Ok(Ok(report)) => {
            form.done = Some(format!(
                "{}: {} {}, {} {}, {} {}",
                lang.pick("Saved", "Đã lưu"),
                report.inserted,
                lang.pick("new", "mới"),
                report.updated,
                lang.pick("changed", "sửa"),
                report.unchanged,
                lang.pick("unchanged", "không đổi"),
            ));
            form.values.clear();
        }
        Ok(Err(GrdpsimError::ImportRejected { problems, .. })) => {
            for p in problems {
                form.errors
                    .entry(p.column.clone())
                    .or_insert_with(|| format!("{} ({:?})", p.reason, p.value));
            }
        }
        Ok(Err(e)) => return internal(lang, &e),
        Err(r) => return r,
    }
    render_project(state, auth, code, form).await
}

/// The project of a form, after the access check: the investor's own project for an investor
/// (whatever the URL it was reached from), any project for the administrator.
async fn writable_project(
    state: &Shared,
    auth: &Auth,
    fields: &Fields,
    treasury: bool,
) -> Result<ProjectInfo, Response> {
    auth.check_csrf(fields)?;
    let code = field(fields, "project").to_owned();
    let c = code.clone();
    let info = db(state, auth.lang, move |t| t.project_info(&c)).await?;
    let a = &auth.account;
    match info {
        Some(p) if treasury && matches!(a.role, Role::Treasury | Role::Admin) => Ok(p),
        Some(p) if !treasury && a.may_write_investor_figures(&p.investor) => Ok(p),
        _ => Err(auth.refuse_project(&code)),
    }
}

async fn week(State(state): State<Shared>, auth: Auth, Form(f): Form<Fields>) -> Response {
    let p = match writable_project(&state, &auth, &f, false).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let cells = vec![
        p.code,
        field(&f, "week_ending").to_owned(),
        "investor".to_owned(),
        field(&f, "amount").to_owned(),
    ];
    save_row(&state, &auth, "week", f, PAYMENT_COLUMNS, cells).await
}

/// An investor's withdrawal of its own figure for a week (an entry made by mistake), audited
/// under the account's name; the project's page shows what was done or why not.
async fn withdraw(State(state): State<Shared>, auth: Auth, Form(f): Form<Fields>) -> Response {
    let p = match writable_project(&state, &auth, &f, false).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lang = auth.lang;
    let week = field(&f, "week_ending").to_owned();
    let who = auth.account.name.clone();
    let code = p.code.clone();
    let out = db(&state, lang, move |t| {
        Ok(Date::parse_arg("week_ending", &week).and_then(|d| {
            t.withdraw(&code, d, PaymentSource::Investor, &who)
                .map(|()| d)
        }))
    })
    .await;
    let mut form = FormState {
        form: "withdraw",
        values: f,
        ..FormState::default()
    };
    match out {
        Ok(Ok(d)) => {
            form.done = Some(format!(
                "{} {} {d}",
                lang.pick(
                    "Withdrawn: the investor's figure for the week ending",
                    "Đã rút số liệu của chủ đầu tư cho tuần kết thúc ngày"
                ),
                p.code
            ));
            form.values.clear();
        }
        Ok(Err(e @ (GrdpsimError::InvalidDate { .. } | GrdpsimError::NoSuchEntry { .. }))) => {
            let text = match (&e, lang) {
                (GrdpsimError::NoSuchEntry { week_ending, .. }, Lang::Vi) => {
                    format!("không có số liệu của chủ đầu tư cho tuần kết thúc ngày {week_ending}")
                }
                (GrdpsimError::InvalidDate { value, .. }, Lang::Vi) => {
                    format!("{value:?} không phải ngày YYYY-MM-DD")
                }
                _ => e.to_string(),
            };
            form.errors.insert("week_ending".into(), text);
        }
        Ok(Err(e)) => return internal(lang, &e),
        Err(r) => return r,
    }
    render_project(&state, &auth, p.code, form).await
}

async fn treasury_payment(
    State(state): State<Shared>,
    auth: Auth,
    Form(f): Form<Fields>,
) -> Response {
    let p = match writable_project(&state, &auth, &f, true).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let cells = vec![
        p.code,
        field(&f, "week_ending").to_owned(),
        "treasury".to_owned(),
        field(&f, "amount").to_owned(),
    ];
    save_row(&state, &auth, "treasury", f, PAYMENT_COLUMNS, cells).await
}

async fn obstacle(State(state): State<Shared>, auth: Auth, Form(f): Form<Fields>) -> Response {
    let p = match writable_project(&state, &auth, &f, false).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut cells = vec![p.code];
    cells.extend(
        OBSTACLE_COLUMNS[1..]
            .iter()
            .map(|h| field(&f, h).to_owned()),
    );
    save_row(&state, &auth, "obstacle", f, OBSTACLE_COLUMNS, cells).await
}

async fn responsible(State(state): State<Shared>, auth: Auth, Form(f): Form<Fields>) -> Response {
    let p = match writable_project(&state, &auth, &f, false).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    // The projects layout carries the project's other columns unchanged.
    let cells = vec![
        p.code,
        p.name,
        p.investor,
        p.investor_name,
        field(&f, "responsible").to_owned(),
        p.source,
        p.location,
    ];
    save_row(&state, &auth, "responsible", f, PROJECT_COLUMNS, cells).await
}

// ---------------------------------------------------------------------------------------------
// Uploads: the same files as `grdpsim disbursement import`, limited to what the role may write.

fn upload_form(auth: &Auth) -> String {
    let lang = auth.lang;
    format!(
        "<form class=\"box\" id=\"upload-form\" method=\"post\" action=\"/upload\" \
         enctype=\"multipart/form-data\"><strong>{}</strong>{}\
         <label>{} <input type=\"file\" name=\"file\" id=\"upload-file\" accept=\".csv,.xlsx\"></label>\
         <button id=\"upload-submit\">{}</button><p class=\"note\">{}</p></form>",
        lang.pick("Upload a file (CSV or workbook)", "Tải lên tệp (CSV hoặc Excel)"),
        csrf_field(&auth.csrf),
        lang.pick("File", "Tệp"),
        lang.pick("Import", "Nhập"),
        lang.pick(
            "The same layouts as the command-line import; all or nothing: one bad row rejects the file.",
            "Cùng mẫu với lệnh nhập; nhập toàn bộ hoặc không: một dòng sai thì cả tệp bị từ chối.",
        ),
    )
}

/// Why `account` may not import `table` (a row's project, a payment source, a layout).
fn upload_refusals(
    a: &Account,
    table: &RawTable,
    own: Option<&HashSet<String>>,
) -> Vec<RowProblem> {
    let header = normalise_header(&table.header);
    let kind = ImportKind::detect(&header);
    let col = |name: &str| header.iter().position(|h| h == name);
    let problem = |row: usize, column: &str, value: &str, reason: &str| RowProblem {
        sheet: table.sheet.clone(),
        row,
        column: column.into(),
        value: value.into(),
        reason: reason.into(),
    };
    let mut out = Vec::new();
    let allowed = match a.role {
        Role::Admin => return out,
        Role::Viewer => false,
        Role::Investor => matches!(kind, Some(ImportKind::Payments | ImportKind::Obstacles)),
        Role::Treasury => kind == Some(ImportKind::Payments),
    };
    if !allowed {
        out.push(problem(
            1,
            "header",
            kind.map_or("?", ImportKind::as_str),
            "this account may not import this layout",
        ));
        return out;
    }
    let want = match a.role {
        Role::Treasury => PaymentSource::Treasury,
        _ => PaymentSource::Investor,
    };
    for (row, cells) in &table.rows {
        let cell = |c: Option<usize>| c.and_then(|i| cells.get(i)).map_or("", |s| s.trim());
        let p = cell(col("project"));
        if let Some(own) = own {
            if !own.contains(p) {
                out.push(problem(
                    *row,
                    "project",
                    p,
                    "not a project of this account's investor",
                ));
            }
        }
        if kind == Some(ImportKind::Payments) {
            let s = cell(col("source"));
            if PaymentSource::parse(s).ok() != Some(want) {
                out.push(problem(
                    *row,
                    "source",
                    s,
                    &format!("this account enters {} payments only", want.as_str()),
                ));
            }
        }
    }
    out
}

fn problems_table(lang: Lang, problems: &[RowProblem]) -> String {
    let mut b = table_head(
        "problems",
        &[
            lang.pick("Sheet", "Trang tính"),
            lang.pick("Row", "Dòng"),
            lang.pick("Column", "Cột"),
            lang.pick("Value", "Giá trị"),
            lang.pick("Problem", "Lỗi"),
        ],
    );
    for p in problems {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"err\">{}</td></tr>",
            esc(p.sheet.as_deref().unwrap_or("")),
            p.row,
            esc(&p.column),
            esc(&p.value),
            esc(&p.reason)
        );
    }
    b.push_str("</table>");
    b
}

async fn upload(State(state): State<Shared>, auth: Auth, mut mp: Multipart) -> Response {
    let lang = auth.lang;
    let mut fields = Fields::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(part)) = mp.next_field().await {
        let name = part.name().unwrap_or("").to_owned();
        if name == "file" {
            let fname = part.file_name().unwrap_or("upload.csv").to_owned();
            match part.bytes().await {
                Ok(b) => file = Some((fname, b.to_vec())),
                Err(_) => break,
            }
        } else if let Ok(v) = part.text().await {
            fields.insert(name, v);
        }
    }
    if let Err(r) = auth.check_csrf(&fields) {
        return r;
    }
    if auth.account.role == Role::Viewer {
        return forbidden(
            lang,
            lang.pick(
                "A leader's account reads only.",
                "Tài khoản lãnh đạo chỉ được xem.",
            ),
        );
    }
    let Some((fname, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return message_page(
            StatusCode::BAD_REQUEST,
            lang,
            lang.pick("Upload", "Tải lên"),
            lang.pick("No file was chosen.", "Chưa chọn tệp."),
        );
    };
    let account = auth.account.clone();
    let out = db(&state, lang, move |t| {
        // Read from memory: no temporary file to leave behind, no server path in an error.
        let tables = if fname.to_ascii_lowercase().ends_with(".xlsx") {
            read_workbook_bytes(&fname, bytes)
        } else {
            let text = String::from_utf8(bytes).map_err(|_| GrdpsimError::Parse {
                source_name: fname.clone(),
                line: 1,
                message: "not UTF-8 text".into(),
            })?;
            read_csv_text(&fname, &text).map(|t| vec![t])
        };
        let tables = match tables {
            Ok(t) => t,
            Err(e) => return Ok(Err((false, e))),
        };
        let own = readable_projects(t, &account)?;
        let refusals: Vec<RowProblem> = tables
            .iter()
            .flat_map(|tb| upload_refusals(&account, tb, own.as_ref()))
            .collect();
        if !refusals.is_empty() {
            return Ok(Err((
                true,
                GrdpsimError::ImportRejected {
                    source_name: fname,
                    problems: refusals,
                },
            )));
        }
        Ok(t.import_tables(&fname, tables, &account.name)
            .map_err(|e| (false, e)))
    })
    .await;
    let title = lang.pick("Upload", "Tải lên");
    match out {
        Ok(Ok(r)) => auth.page(
            title,
            &format!(
                "<p class=\"ok\" id=\"done\">{}: {} {} ({} {}, {} {}, {} {})</p>",
                esc(&r.source_name),
                r.rows,
                lang.pick("rows", "dòng"),
                r.inserted,
                lang.pick("new", "mới"),
                r.updated,
                lang.pick("changed", "sửa"),
                r.unchanged,
                lang.pick("unchanged", "không đổi"),
            ),
        ),
        Ok(Err((refused, GrdpsimError::ImportRejected { problems, .. }))) => {
            let mut r = auth.page(
                title,
                &format!(
                    "<p class=\"err\">{}</p>{}{}",
                    lang.pick(
                        "The file was rejected whole; nothing was written. Correct these rows:",
                        "Tệp bị từ chối toàn bộ, chưa ghi gì. Hãy sửa các dòng sau:"
                    ),
                    problems_table(lang, &problems),
                    upload_form(&auth)
                ),
            );
            *r.status_mut() = if refused {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            r
        }
        Ok(Err((_, e))) => {
            let mut r = auth.page(
                title,
                &format!(
                    "<p class=\"err\">{}</p>{}",
                    esc(&e.to_string()),
                    upload_form(&auth)
                ),
            );
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(r) => r,
    }
}

// ---------------------------------------------------------------------------------------------
// The Treasury's reconciliation, the monitoring digest, the administration.

async fn treasury(State(state): State<Shared>, auth: Auth) -> Response {
    let lang = auth.lang;
    if auth.account.role == Role::Investor {
        return forbidden(
            lang,
            lang.pick(
                "The reconciliation covers every investor's projects.",
                "Bảng đối chiếu gồm dự án của mọi chủ đầu tư.",
            ),
        );
    }
    let read = db(&state, lang, |t| {
        let d = as_of(t)?;
        Ok((d, t.differences(d, 0.5)?))
    })
    .await;
    let (d, diffs) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut b = format!(
        "<p>{} <strong>{d}</strong>: {} {} {}</p>",
        lang.pick("Cumulated to", "Lũy kế đến"),
        diffs.len(),
        lang.pick(
            "projects whose investor's figures differ from the Treasury's (by more than 0.5 million VND)",
            "dự án có số chủ đầu tư báo cáo khác số Kho bạc (chênh trên 0,5 triệu đồng)"
        ),
        lang.pick("; the Treasury's are authoritative.", "; số Kho bạc là số chính thức."),
    );
    b.push_str(&table_head(
        "differences",
        &[
            lang.pick("Project", "Dự án"),
            lang.pick("Investor", "Chủ đầu tư"),
            lang.pick("Investor's report", "Chủ đầu tư báo cáo"),
            lang.pick("Treasury", "Kho bạc"),
            lang.pick("Difference", "Chênh lệch"),
            lang.pick("Weeks differing", "Số tuần lệch"),
        ],
    ));
    for r in &diffs {
        let _ = write!(
            b,
            "<tr><td><a href=\"/project/{p}\">{p}</a></td><td>{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.investor),
            lang.grouped(r.reported, 1),
            lang.grouped(r.treasury, 1),
            lang.grouped(r.difference, 1),
            r.weeks_differing,
            p = esc(&r.project),
        );
    }
    b.push_str("</table>");
    if matches!(auth.account.role, Role::Treasury | Role::Admin) {
        let _ = write!(
            b,
            "<p class=\"note\">{}</p>",
            lang.pick(
                "Enter a payment on the project's page, or upload the week's payments (source = treasury).",
                "Nhập số thanh toán ở trang dự án, hoặc tải lên số của tuần (source = treasury).",
            )
        );
        b.push_str(&upload_form(&auth));
    }
    auth.page(
        lang.pick("Treasury reconciliation", "Đối chiếu với Kho bạc"),
        &b,
    )
}

async fn digest(State(state): State<Shared>, auth: Auth) -> Response {
    let lang = auth.lang;
    let account = auth.account.clone();
    let shared = state.clone();
    // Read-only: the month's findings as recorded (by `grdpsim monitor digest`, or when the
    // demonstration store was written), never evaluated and stored again by a GET.
    let read = on_monitor(&state, lang, move |m| {
        let t = &m.tracker();
        let d = as_of(t)?;
        let own = readable_projects(t, &account)?;
        let sees = |p: &str| own.as_ref().is_none_or(|o| o.contains(p));
        let stalled: Vec<_> = t
            .stalled(d, 4)?
            .into_iter()
            .filter(|r| sees(&r.project))
            .collect();
        let overdue: Vec<_> = t
            .overdue_obstacles(d)?
            .into_iter()
            .filter(|r| sees(&r.project))
            .collect();
        let digest = match m.latest_recorded_month()? {
            Some(month) => {
                let o = &shared.options;
                let cx = Context {
                    scenario: o.scenario.as_ref(),
                    as_of: None,
                };
                Some(m.recorded_digest(&month, &o.policy, &cx)?)
            }
            None => None,
        };
        Ok((d, stalled, overdue, digest))
    })
    .await;
    let (d, stalled, overdue, digest) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    // An investor sees the findings about itself only, without the province's headline.
    let investor = match (&auth.account.role, &auth.account.investor) {
        (Role::Investor, inv) => Some(inv.clone().unwrap_or_default()),
        _ => None,
    };
    let mut b = digest.map_or_else(
        || {
            format!(
                "<p class=\"note\" id=\"digest-none\">{}</p>",
                lang.pick(
                    "No month's early warnings are recorded in this store yet \
                     (`grdpsim monitor digest --db FILE --month YYYY-MM` records them); \
                     the disbursement findings below come from the tracker.",
                    "Kho dữ liệu chưa ghi cảnh báo sớm của tháng nào \
                     (`grdpsim monitor digest --db FILE --month YYYY-MM` ghi lại); \
                     các phát hiện về giải ngân dưới đây lấy từ công cụ theo dõi.",
                )
            )
        },
        |g| digest_html(lang, &g, investor.as_deref()),
    );
    let _ = write!(
        b,
        "<h2>{} ({d})</h2>{}",
        lang.pick(
            "Stalled projects: no payment in 4 weeks",
            "Dự án đứng: 4 tuần không giải ngân"
        ),
        table_head(
            "stalled",
            &[
                lang.pick("Project", "Dự án"),
                lang.pick("Investor", "Chủ đầu tư"),
                lang.pick("Responsible", "Người chịu trách nhiệm"),
                lang.pick("Remaining", "Còn lại"),
                lang.pick("Last payment", "Lần giải ngân cuối"),
            ],
        ),
    );
    for r in &stalled {
        let _ = write!(
            b,
            "<tr><td><a href=\"/project/{p}\">{p}</a> {}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&r.name),
            esc(&r.investor),
            esc(&r.responsible),
            lang.grouped(r.plan - r.paid, 1),
            r.last_payment.map_or("–".into(), |x| x.to_string()),
            p = esc(&r.project),
        );
    }
    let _ = write!(
        b,
        "</table><h2>{}</h2>{}",
        lang.pick("Overdue obstacles", "Vướng mắc quá hạn"),
        table_head(
            "overdue",
            &[
                lang.pick("Project", "Dự án"),
                lang.pick("Obstacle", "Vướng mắc"),
                lang.pick("Agency", "Cơ quan xử lý"),
                lang.pick("Person", "Người phụ trách"),
                lang.pick("Days overdue", "Số ngày quá hạn"),
            ],
        ),
    );
    for r in &overdue {
        let _ = write!(
            b,
            "<tr><td><a href=\"/project/{p}\">{p}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.description),
            esc(&r.agency),
            esc(&r.person),
            r.days_overdue,
            p = esc(&r.project),
        );
    }
    b.push_str("</table>");
    auth.page(lang.pick("Monitoring digest", "Tổng hợp giám sát"), &b)
}

/// A recorded digest as a page section: the headline figures, the findings (an investor's
/// own only, when `investor` is given), what was resolved, the notes.
fn digest_html(lang: Lang, g: &Digest, investor: Option<&str>) -> String {
    let mine = investor.map(|i| format!("investor:{i}"));
    let shown = |f: &&crate::monitoring::Finding| mine.as_ref().is_none_or(|s| &f.subject == s);
    let findings: Vec<_> = g.findings().filter(shown).collect();
    let resolved: Vec<_> = g.resolved.iter().filter(shown).collect();
    let evaluated = |f: &&&crate::monitoring::Finding| f.history != History::NotEvaluated;
    let count = |s: Severity| {
        findings
            .iter()
            .filter(evaluated)
            .filter(|f| f.severity == s)
            .count()
    };
    let not_evaluated = findings.len() - findings.iter().filter(evaluated).count();
    let mut b = format!(
        "<h2 id=\"digest-month\">{} {}</h2><p>{} {}{}: {} {}, {} {}",
        lang.pick("Early warnings of", "Cảnh báo sớm tháng"),
        esc(&g.month),
        lang.pick("As of", "Số liệu đến"),
        g.as_of,
        if g.as_of_default {
            lang.pick(" (the report deadline)", " (hạn báo cáo)")
        } else {
            ""
        },
        count(Severity::Red),
        Severity::Red.label(lang),
        count(Severity::Amber),
        Severity::Amber.label(lang),
    );
    if not_evaluated > 0 {
        let _ = write!(
            b,
            "; {not_evaluated} {}",
            lang.pick(
                "of last month's not evaluated (no report, no scenario)",
                "cảnh báo tháng trước chưa đánh giá được (thiếu báo cáo, thiếu kịch bản)"
            )
        );
    }
    b.push_str(".</p>");
    if investor.is_some() {
        let _ = write!(
            b,
            "<p class=\"note\" id=\"digest-own\">{}</p>",
            lang.pick(
                "The findings about your own projects; the province's figures are in the leaders' digest.",
                "Các cảnh báo về dự án của đơn vị; số liệu chung của tỉnh ở bản tin của lãnh đạo.",
            )
        );
    } else {
        b.push_str("<ul id=\"headline\">");
        for line in g.headline.lines(lang) {
            let _ = write!(b, "<li>{}</li>", esc(&line));
        }
        b.push_str("</ul>");
    }
    let columns = [
        lang.pick("Severity", "Mức"),
        lang.pick("Status", "Tình trạng"),
        lang.pick("Subject", "Đối tượng"),
        lang.pick("Responsible", "Đơn vị chịu trách nhiệm"),
        lang.pick("Finding", "Nội dung"),
    ];
    let rows = |b: &mut String, list: &[&crate::monitoring::Finding]| {
        for f in list {
            let _ = write!(
                b,
                "<tr class=\"{s}\" data-subject=\"{subject}\"><td>{}</td><td>{}</td><td>{subject}</td>\
                 <td>{}</td><td>{}</td></tr>",
                f.severity.label(lang),
                f.history.label(lang),
                esc(&f.responsible),
                esc(&f.statement(lang)),
                s = f.severity.as_str(),
                subject = esc(&f.subject),
            );
        }
        b.push_str("</table>");
    };
    b.push_str(&table_head("findings", &columns));
    rows(&mut b, &findings);
    if !resolved.is_empty() {
        let _ = write!(
            b,
            "<h2>{}</h2>{}",
            lang.pick(
                "Resolved since the last month recorded",
                "Đã khắc phục so với tháng ghi trước"
            ),
            table_head("resolved", &columns)
        );
        rows(&mut b, &resolved);
    }
    if investor.is_none() {
        for (en, vi) in &g.notes {
            let _ = write!(b, "<p class=\"note\">{}</p>", esc(lang.pick(en, vi)));
        }
    }
    b
}

async fn admin(State(state): State<Shared>, auth: Auth) -> Response {
    render_admin(&state, &auth, None).await
}

async fn render_admin(state: &Shared, auth: &Auth, message: Option<(bool, String)>) -> Response {
    let lang = auth.lang;
    if auth.account.role != Role::Admin {
        return forbidden(
            lang,
            lang.pick("Administrators only.", "Chỉ dành cho quản trị."),
        );
    }
    let read = db(state, lang, |t| {
        let trail = t.store().audit_trail()?;
        let recent: Vec<_> = trail.into_iter().rev().take(50).collect();
        Ok((accounts::accounts(t)?, recent))
    })
    .await;
    let (list, trail) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut b = String::new();
    if let Some((ok, m)) = &message {
        let _ = write!(
            b,
            "<p class=\"{}\" id=\"{}\">{}</p>",
            if *ok { "ok" } else { "err" },
            if *ok { "done" } else { "account-error" },
            esc(m)
        );
    }
    let _ = write!(
        b,
        "<h2>{}</h2>{}",
        lang.pick("Accounts", "Tài khoản"),
        table_head(
            "accounts",
            &[
                lang.pick("Name", "Tên"),
                lang.pick("Role", "Vai trò"),
                lang.pick("Investor", "Chủ đầu tư"),
            ],
        ),
    );
    for a in &list {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&a.name),
            esc(a.role.label(lang)),
            esc(a.investor.as_deref().unwrap_or(""))
        );
    }
    let options = Role::ALL.iter().fold(String::new(), |mut o, r| {
        let _ = write!(
            o,
            "<option value=\"{}\">{}</option>",
            r.as_str(),
            esc(r.label(lang))
        );
        o
    });
    let _ = write!(
        b,
        "</table><form class=\"box\" id=\"account-form\" method=\"post\" action=\"/admin/account\">\
         <strong>{}</strong>{}<label>{} <input name=\"name\" id=\"account-name\"></label>\
         <label>{} <select name=\"role\" id=\"account-role\">{options}</select></label>\
         <label>{} <input name=\"investor\" id=\"account-investor\"></label>\
         <label>{} <input name=\"password\" id=\"account-password\" type=\"password\" autocomplete=\"new-password\"></label>\
         <button id=\"account-submit\">{}</button></form>",
        lang.pick("New account, or new role and password", "Tài khoản mới, hoặc đổi vai trò và mật khẩu"),
        csrf_field(&auth.csrf),
        lang.pick("Name", "Tên"),
        lang.pick("Role", "Vai trò"),
        lang.pick("Investor code (investor accounts)", "Mã chủ đầu tư (tài khoản chủ đầu tư)"),
        lang.pick("Password", "Mật khẩu"),
        lang.pick("Save", "Lưu"),
    );
    b.push_str(&upload_form(auth));
    let _ = write!(
        b,
        "<h2>{}</h2>{}",
        lang.pick(
            "Audit trail (latest 50 changes)",
            "Nhật ký thay đổi (50 thay đổi gần nhất)"
        ),
        table_head(
            "audit",
            &[
                lang.pick("When (UTC)", "Thời điểm (UTC)"),
                lang.pick("Who", "Người thực hiện"),
                lang.pick("Source", "Nguồn"),
                lang.pick("Table", "Bảng"),
                lang.pick("Key", "Khóa"),
                lang.pick("Old → new", "Cũ → mới"),
            ],
        ),
    );
    for r in &trail {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td></tr>",
            esc(&r.at),
            esc(&r.who),
            esc(&r.file),
            esc(&r.entity),
            esc(&r.key),
            esc(r.old.as_deref().unwrap_or("")),
            esc(r.new.as_deref().unwrap_or("")),
        );
    }
    b.push_str("</table>");
    let mut r = auth.page(lang.pick("Administration", "Quản trị"), &b);
    if matches!(message, Some((false, _))) {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

async fn admin_account(State(state): State<Shared>, auth: Auth, Form(f): Form<Fields>) -> Response {
    if let Err(r) = auth.check_csrf(&f) {
        return r;
    }
    if auth.account.role != Role::Admin {
        return forbidden(
            auth.lang,
            auth.lang
                .pick("Administrators only.", "Chỉ dành cho quản trị."),
        );
    }
    let who = auth.account.name.clone();
    let (name, role, investor, password) = (
        field(&f, "name").to_owned(),
        field(&f, "role").to_owned(),
        field(&f, "investor").to_owned(),
        f.get("password").cloned().unwrap_or_default(),
    );
    let out = db(&state, auth.lang, move |t| {
        Ok(Role::parse(&role).and_then(|role| {
            let inv = Some(investor.as_str()).filter(|s| !s.is_empty());
            accounts::set_account(t, &name, role, inv, &password, &who)
        }))
    })
    .await;
    match out {
        Ok(Ok(a)) => {
            render_admin(
                &state,
                &auth,
                Some((true, format!("{} ({})", a.name, a.role.as_str()))),
            )
            .await
        }
        Ok(Err(e)) => render_admin(&state, &auth, Some((false, e.to_string()))).await,
        Err(r) => r,
    }
}
