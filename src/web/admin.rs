//! The administration: accounts and the audit trail.

use super::prelude::*;
use super::upload::upload_form;

pub(super) async fn admin(State(state): State<Shared>, auth: Auth) -> Response {
    render_admin(&state, &auth, None).await
}

// A page written top to bottom, as it reads.
#[allow(clippy::too_many_lines)]
pub(super) async fn render_admin(
    state: &Shared,
    auth: &Auth,
    message: Option<(bool, String)>,
) -> Response {
    let lang = auth.lang;
    if auth.account.role != Role::Admin {
        return forbidden(lang, Msg::AdministratorsOnly.text(lang));
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
        Msg::Accounts.text(lang),
        table_head(
            "accounts",
            &[
                Msg::Name.text(lang),
                Msg::Role.text(lang),
                Msg::Investor.text(lang),
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
        Msg::NewAccountOrNewRoleAnd.text(lang),
        csrf_field(&auth.csrf),
        Msg::Name.text(lang),
        Msg::Role.text(lang),
        Msg::InvestorCodeInvestorAccounts.text(lang),
        Msg::Password.text(lang),
        Msg::Save.text(lang),
    );
    b.push_str(&upload_form(auth));
    let _ = write!(
        b,
        "<h2>{}</h2>{}",
        Msg::AuditTrailLatest50Changes.text(lang),
        table_head(
            "audit",
            &[
                Msg::WhenUTC.text(lang),
                Msg::Who.text(lang),
                Msg::Source.text(lang),
                Msg::Table.text(lang),
                Msg::Key.text(lang),
                Msg::OldNew.text(lang),
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
    let mut r = auth.page(Msg::Administration.text(lang), &b);
    if matches!(message, Some((false, _))) {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

pub(super) async fn admin_account(
    State(state): State<Shared>,
    auth: Auth,
    Form(f): Form<Fields>,
) -> Response {
    if let Err(r) = auth.check_csrf(&f) {
        return r;
    }
    if auth.account.role != Role::Admin {
        return forbidden(auth.lang, Msg::AdministratorsOnly.text(auth.lang));
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
