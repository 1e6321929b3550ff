//! The State Treasury: its reconciliation and the payments it enters.

use super::entries::{save_row, writable_project};
use super::prelude::*;
use super::upload::upload_form;
use crate::disbursement::PAYMENT_COLUMNS;

pub(super) async fn treasury(State(state): State<Shared>, auth: Auth) -> Response {
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

pub(super) async fn treasury_payment(
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
