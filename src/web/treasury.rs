//! The State Treasury: its reconciliation and the payments it enters.

use super::entries::{refuse_field, save_row, writable_project};
use super::forms::amount_cell;
use super::prelude::*;
use super::upload::upload_form;
use crate::disbursement::PAYMENT_COLUMNS;
use crate::monitoring::Date;

/// A project whose investor's figures differ from the Treasury's, as the page writes it.
struct Difference<'a> {
    project: &'a str,
    investor: &'a str,
    reported: String,
    treasury: String,
    gap: String,
    weeks: usize,
}

/// The reconciliation page's body (`templates/treasury.html`).
#[derive(Template)]
#[template(path = "treasury.html")]
struct Reconciliation<'a> {
    lang: Lang,
    as_of: Date,
    rows: Vec<Difference<'a>>,
    /// The upload form, for the accounts that enter payments.
    upload: Option<String>,
}

speaks!(Reconciliation);

pub(super) async fn treasury(State(state): State<Shared>, auth: Auth) -> Response {
    let lang = auth.lang;
    if auth.account.role == Role::Investor {
        return forbidden(
            lang,
            Msg::TheReconciliationCoversEveryInvestorsProjects.text(lang),
        );
    }
    let read = read(&state, lang, |t| {
        let d = as_of(t)?;
        Ok((d, t.differences(d, 0.5)?))
    })
    .await;
    let (d, diffs) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    let rows: Vec<_> = diffs
        .iter()
        .map(|r| Difference {
            project: &r.project,
            investor: &r.investor,
            reported: lang.grouped(r.reported, 1),
            treasury: lang.grouped(r.treasury, 1),
            gap: lang.grouped(r.difference, 1),
            weeks: r.weeks_differing,
        })
        .collect();
    let enters = matches!(auth.account.role, Role::Treasury | Role::Admin);
    let b = render(&Reconciliation {
        lang,
        as_of: d,
        rows,
        upload: enters.then(|| upload_form(&auth)),
    });
    auth.page(Msg::TreasuryReconciliation.text(lang), &b)
}

pub(super) async fn treasury_payment(
    State(state): State<Shared>,
    auth: Auth,
    Form(f): Form<Fields>,
) -> Response {
    let p = match writable_project(&state, &auth, &f, true).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let amount = match amount_cell(field(&f, "amount"), auth.lang) {
        Ok(a) => a,
        Err(why) => return refuse_field(&state, &auth, "treasury", f, "amount", why).await,
    };
    let cells = vec![
        p.code,
        field(&f, "week_ending").to_owned(),
        "treasury".to_owned(),
        amount,
    ];
    save_row(&state, &auth, "treasury", f, PAYMENT_COLUMNS, cells).await
}
