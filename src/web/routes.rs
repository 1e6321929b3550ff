//! The application's routes, grouped by area, and the security headers of every answer.

use super::prelude::*;
use axum::routing::{get, post};
use axum::Router;

use super::{
    admin, auth, department, department_forms, digest, entries, investor, office, pack, province,
    treasury, upload,
};

pub(super) fn routes(state: Shared) -> Router {
    Router::new()
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/lang/{code}", get(auth::set_lang))
        .route("/", get(province::province))
        .route("/pack", get(pack::pack))
        .route("/investor/{code}", get(investor::investor))
        .route("/project/{code}", get(investor::project))
        .route("/week", post(entries::week))
        .route("/week/withdraw", post(entries::withdraw))
        .route("/obstacle", post(entries::obstacle))
        .route("/weekly-plan", post(entries::weekly_plan))
        .route("/responsible", post(entries::responsible))
        .route("/treasury", get(treasury::treasury))
        .route("/treasury/payment", post(treasury::treasury_payment))
        .route("/treasury/decision", post(treasury::treasury_decision))
        .route("/upload", post(upload::upload))
        .route("/digest", get(digest::digest))
        .route("/department/{code}", get(department::department))
        .route("/department/{code}/report", post(department_forms::report))
        .route("/department/{code}/task", post(department_forms::progress))
        .route("/department/{code}/upload", post(department_forms::upload))
        .route("/office", get(office::office))
        .route("/office/task", post(office::create))
        .route("/office/assign", post(office::assign))
        .route("/admin", get(admin::admin))
        .route("/admin/account", post(admin::admin_account))
        .route("/admin/national-target", post(admin::admin_national_target))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

pub(super) async fn security_headers(mut r: Response) -> Response {
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
