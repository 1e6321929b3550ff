//! What every handler module of the web page uses: the shared state, the form fields, the
//! session and the answers.

pub(super) use std::collections::{HashMap, HashSet};
pub(super) use std::sync::Arc;

pub(super) use axum::extract::{Path, Query, State};
pub(super) use axum::http::header::{self, HeaderMap, HeaderValue};
pub(super) use axum::http::StatusCode;
pub(super) use axum::response::{IntoResponse, Redirect, Response};
pub(super) use axum::Form;

pub(super) use super::accounts::{self, Account, Role};
pub(super) use super::catalog::Msg;
pub(super) use super::catalog_loop::LoopMsg;
pub(super) use super::html::{esc, page, render, s_curve_svg, speaks, Speaks};
pub(super) use super::reads::{as_of, as_of_line, coverage, readable_projects};
pub(super) use super::respond::{
    db, failed, forbidden, html, internal, message_page, not_for_investors, not_found, read,
    read_monitor,
};
pub(super) use super::session::{field, lang_of, set_cookie, Auth, PeerIp};
pub(super) use super::AppState;
pub(super) use crate::error::GrdpsimError;
pub(super) use crate::lang::Lang;
pub(super) use askama::Template;

pub(super) type Shared = Arc<AppState>;
pub(super) type Fields = HashMap<String, String>;
