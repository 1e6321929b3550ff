//! The State Treasury: its reconciliation and the payments it enters.

use super::entries::{refuse_field, save_row, writable_project};
use super::forms::amount_cell;
use super::prelude::*;
use super::upload::upload_form;
use crate::disbursement::PAYMENT_COLUMNS;

pub(super) async fn treasury(State(state): State<Shared>, auth: Auth) -> Response {
    let lang = auth.lang;
    if auth.account.role == Role::Investor {
        return forbidden(
            lang,
            Msg::TheReconciliationCoversEveryInvestorsProjects.text(lang),
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
        Msg::CumulatedTo.text(lang),
        diffs.len(),
        Msg::ProjectsWhoseInvestorsFiguresDifferFrom.text(lang),
        Msg::TheTreasurysAreAuthoritative.text(lang),
    );
    b.push_str(&table_head(
        "differences",
        &[
            Msg::Project.text(lang),
            Msg::Investor.text(lang),
            Msg::InvestorsReport.text(lang),
            Msg::Treasury.text(lang),
            Msg::Difference.text(lang),
            Msg::WeeksDiffering.text(lang),
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
            Msg::EnterAPaymentOnTheProjects.text(lang)
        );
        b.push_str(&upload_form(&auth));
    }
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
