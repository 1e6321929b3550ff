//! Helpers shared by the web page's tests: requests through the router without a socket, the
//! test accounts, and the log-in form's round trip (the page's CSRF cookie and token, then the
//! post).

#![allow(dead_code)]

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use grdpsim::disbursement::Tracker;
use grdpsim::web::{set_account, Role};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The password of every test account.
pub const PASSWORD: &str = "correct horse battery";

/// An account to create: its name, its role and what it is bound to (an investor's code, a
/// department's name), if anything.
pub type Account<'a> = (&'a str, Role, Option<&'a str>);

/// Creates `accounts` in `t`, each with [`PASSWORD`], by `test`.
pub fn add_accounts(t: &mut Tracker, accounts: &[Account]) {
    for (name, role, binding) in accounts {
        set_account(t, name, *role, *binding, PASSWORD, "test").unwrap();
    }
}

/// The Cao Bằng disbursement example in memory with `accounts` (see [`add_accounts`]).
pub fn example_with(accounts: &[Account]) -> Tracker {
    let mut t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    add_accounts(&mut t, accounts);
    t
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub struct Reply {
    pub status: StatusCode,
    pub cookies: Vec<String>,
    pub location: Option<String>,
    pub body: String,
}

pub async fn send_to(router: &Router, req: Request<Body>) -> Reply {
    let r = router.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let cookies = r
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let location = r
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let body =
        String::from_utf8(r.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    Reply {
        status,
        cookies,
        location,
        body,
    }
}

pub fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

pub fn post(path: &str, cookie: &str, fields: &[(&str, &str)]) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(encode(fields)))
        .unwrap()
}

pub fn cookie_pair(set_cookie: &[String], name: &str) -> String {
    set_cookie
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map_or_else(
            || panic!("no {name} cookie in {set_cookie:?}"),
            |c| c.split(';').next().unwrap().to_owned(),
        )
}

pub fn csrf_in(body: &str) -> String {
    let at = body
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    body[at..at + 64].to_owned()
}

/// The log-in form's post of `name` and `password`, ready to send: the page's CSRF cookie and
/// token are fetched first. With `peer`, both requests come from that client address (as the
/// server's socket says it); without, from an unknown one.
pub async fn login_request(
    router: &Router,
    name: &str,
    password: &str,
    peer: Option<SocketAddr>,
) -> Request<Body> {
    let from = |mut req: Request<Body>| {
        if let Some(addr) = peer {
            req.extensions_mut().insert(ConnectInfo(addr));
        }
        req
    };
    let page = send_to(router, from(get("/login", ""))).await;
    let pre = cookie_pair(&page.cookies, "grdpsim_login");
    let csrf = csrf_in(&page.body);
    from(post(
        "/login",
        &pre,
        &[("csrf", &csrf), ("name", name), ("password", password)],
    ))
}

/// Logs in through the form (see [`login_request`]).
pub async fn try_login_from(
    router: &Router,
    name: &str,
    password: &str,
    peer: Option<SocketAddr>,
) -> Reply {
    let req = login_request(router, name, password, peer).await;
    send_to(router, req).await
}

/// Logs `name` in with [`PASSWORD`]: the session cookie, which the server sets `HttpOnly` and
/// `SameSite=Strict`.
pub async fn session(router: &Router, name: &str) -> String {
    let r = try_login_from(router, name, PASSWORD, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let set = r
        .cookies
        .iter()
        .find(|c| c.starts_with("grdpsim_session="))
        .unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    cookie_pair(&r.cookies, "grdpsim_session")
}

/// Logs `name` in (see [`session`]) and reads `page`, a page the account may read: the session
/// cookie and the page's CSRF token.
pub async fn login_at(router: &Router, name: &str, page: &str) -> (String, String) {
    let session = session(router, name).await;
    let home = send_to(router, get(page, &session)).await;
    assert_eq!(home.status, StatusCode::OK, "{page}: {}", home.body);
    let csrf = csrf_in(&home.body);
    (session, csrf)
}

/// A multipart post of a file `name` with the CSRF token to `path` (an upload form's).
pub fn multipart(path: &str, cookie: &str, csrf: &str, name: &str, file: &[u8]) -> Request<Body> {
    let b = "XBOUNDARYX";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={b}"),
        )
        .body(Body::from(body))
        .unwrap()
}

/// A multipart post of `file` named `name` to `/upload`, with the form's CSRF token.
pub fn upload_bytes(cookie: &str, csrf: &str, name: &str, file: &[u8]) -> Request<Body> {
    multipart("/upload", cookie, csrf, name, file)
}

/// The row of the upload's problem table for `row` and `column`: `<td>value</td><td
/// class="err">reason</td>`.
pub fn problem_row<'a>(r: &'a Reply, row: usize, column: &str) -> &'a str {
    let head = format!("<td class=\"n\">{row}</td><td>{column}</td>");
    let at = r
        .body
        .find(&head)
        .unwrap_or_else(|| panic!("no row {row} {column}: {}", r.body));
    let rest = &r.body[at + head.len()..];
    &rest[..rest.find("</tr>").unwrap()]
}

/// The upload files the server left in the temporary folder (it writes `grdpsim-upload-*`
/// there while it reads a workbook; a panic once left them behind).
pub fn upload_leftovers() -> Vec<String> {
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("grdpsim-upload-"))
        .collect()
}
