//! The administration: accounts, the year's national target and the audit trail.

use super::department::split_outcome;
use super::entries::auth_and_form;
use super::prelude::*;
use super::upload::upload_form;
use crate::date::Date;
use crate::disbursement::NationalTarget;
use crate::store::AuditRow;
use axum::extract::{FromRequest, Request};

speaks!(AdminPage);

pub(super) async fn admin(State(state): State<Shared>, auth: Auth) -> Response {
    render_admin(&state, &auth, None).await
}

/// The administration page's body (`templates/admin.html`).
#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage<'a> {
    lang: Lang,
    /// What was saved, or why not.
    done: Option<&'a str>,
    refused: Option<&'a str>,
    /// Each account's name, role and investor.
    accounts: Vec<[&'a str; 3]>,
    /// The roles' values and labels.
    roles: Vec<(&'static str, &'static str)>,
    /// The store's departments a department account may name.
    departments: Vec<String>,
    csrf: &'a str,
    /// The year's national target, if stored: amount (in the page's notation), date, decision.
    national: Option<(String, String, &'a str)>,
    /// The upload form, already rendered.
    upload: &'a str,
    trail: &'a [AuditRow],
}

pub(super) async fn render_admin(
    state: &Shared,
    auth: &Auth,
    message: Option<(bool, String)>,
) -> Response {
    let lang = auth.lang;
    if auth.account.role != Role::Admin {
        return forbidden(lang, Msg::AdministratorsOnly.text(lang));
    }
    let read = read(state, lang, |t| {
        let trail = t.store().audit_trail()?;
        let recent: Vec<_> = trail.into_iter().rev().take(50).collect();
        Ok((
            accounts::accounts(t)?,
            recent,
            accounts::departments(t)?,
            t.national_target()?,
        ))
    })
    .await;
    let (list, trail, departments, national) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    let (done, refused) = split_outcome(message.as_ref());
    let body = AdminPage {
        lang,
        done,
        refused,
        accounts: list
            .iter()
            .map(|a| {
                let bound = a.investor.as_deref().or(a.department.as_deref());
                [a.name.as_str(), a.role.label(lang), bound.unwrap_or("")]
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), r.label(lang)))
            .collect(),
        departments,
        csrf: &auth.csrf,
        national: national.as_ref().map(|n: &NationalTarget| {
            (
                lang.grouped(n.amount, 1),
                n.decided_on.to_string(),
                n.source.as_str(),
            )
        }),
        upload: &upload_form(auth),
        trail: &trail,
    };
    let b = render(&body);
    let mut r = auth.page(Msg::Administration.text(lang), &b);
    if matches!(message, Some((false, _))) {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// An administration form, extracted after its checks: the account, an admin's, and the
/// form's fields, its CSRF token right. A refusal is the response.
pub(super) struct AdminForm {
    auth: Auth,
    fields: Fields,
}

impl FromRequest<Shared> for AdminForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &Shared) -> Result<Self, Response> {
        let (auth, fields) = auth_and_form(req, state).await?;
        auth.check_csrf(&fields)?;
        if auth.account.role != Role::Admin {
            let lang = auth.lang;
            return Err(forbidden(lang, Msg::AdministratorsOnly.text(lang)));
        }
        Ok(Self { auth, fields })
    }
}

pub(super) async fn admin_account(
    State(state): State<Shared>,
    AdminForm { auth, fields: f }: AdminForm,
) -> Response {
    let who = auth.account.name.clone();
    let (name, role, investor, department, password) = (
        field(&f, "name").to_owned(),
        field(&f, "role").to_owned(),
        field(&f, "investor").to_owned(),
        field(&f, "department").to_owned(),
        f.get("password").cloned().unwrap_or_default(),
    );
    let out = db(&state, auth.lang, move |t| {
        Ok(Role::parse(&role).and_then(|role| {
            // The binding the role takes; for another role, whichever was given (refused).
            let binding = match role {
                Role::Investor => investor,
                Role::Department => department,
                _ if investor.is_empty() => department,
                _ => investor,
            };
            let bound = Some(binding.as_str()).filter(|s| !s.is_empty());
            accounts::set_account(t, &name, role, bound, &password, &who)
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
        Ok(Err(e)) => render_admin(&state, &auth, Some((false, e.message(auth.lang)))).await,
        Err(r) => r,
    }
}

/// Sets the year's national target (the admin's form): the amount read in the page's notation
/// (`1.600.000` or `1600000`), the decision's date and its number, through
/// [`crate::disbursement::Tracker::set_national_target`] (audited). A refusal names the field
/// at fault and writes nothing.
pub(super) async fn admin_national_target(
    State(state): State<Shared>,
    AdminForm { auth, fields: f }: AdminForm,
) -> Response {
    let lang = auth.lang;
    let who = auth.account.name.clone();
    let (amount, decided_on, source) = (
        field(&f, "amount").to_owned(),
        field(&f, "decided_on").to_owned(),
        field(&f, "source").to_owned(),
    );
    let out = db(&state, lang, move |t| {
        let amount = match lang.parse_number(&amount) {
            Ok(x) => x,
            Err(e) => return Ok(Err(format!("amount: {}", e.message(lang)))),
        };
        let decided_on: Date = match decided_on.parse() {
            Ok(d) => d,
            Err(e) => return Ok(Err(format!("decided_on: {}", e.message(lang)))),
        };
        Ok(t.set_national_target(amount, decided_on, &source, &who)
            .map(|()| format!("{} {decided_on}", lang.grouped(amount, 1)))
            .map_err(|e| e.message(lang)))
    })
    .await;
    let (ok, said, text) = match out {
        Ok(Ok(m)) => (true, Msg::NationalTargetSaved, m),
        Ok(Err(m)) => (false, Msg::NationalTargetRefused, m),
        Err(r) => return r,
    };
    render_admin(
        &state,
        &auth,
        Some((ok, format!("{} {text}", said.text(lang)))),
    )
    .await
}
