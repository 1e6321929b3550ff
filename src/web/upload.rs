//! Uploads: the same files as `grdpsim disbursement import`, limited to what the role may
//! write.

use super::prelude::*;
use axum::extract::Multipart;

use crate::disbursement::{ImportKind, PaymentSource, RawTable};
use crate::error::RowProblem;
use crate::monitoring::import::{normalise_header, read_csv_text, read_workbook_bytes};

pub(super) fn upload_form(auth: &Auth) -> String {
    let lang = auth.lang;
    format!(
        "<form class=\"box\" id=\"upload-form\" method=\"post\" action=\"/upload\" \
         enctype=\"multipart/form-data\"><strong>{}</strong>{}\
         <label>{} <input type=\"file\" name=\"file\" id=\"upload-file\" accept=\".csv,.xlsx\"></label>\
         <button id=\"upload-submit\">{}</button><p class=\"note\">{}</p></form>",
        Msg::UploadAFileCSVOrWorkbook.text(lang),
        csrf_field(&auth.csrf),
        Msg::File.text(lang),
        Msg::Import.text(lang),
        Msg::TheSameLayoutsAsTheCommand.text(lang),
    )
}

/// Why `account` may not import `table` (a row's project, a payment source, a layout).
pub(super) fn upload_refusals(
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

pub(super) fn problems_table(lang: Lang, problems: &[RowProblem]) -> String {
    let mut b = table_head(
        "problems",
        &[
            Msg::Sheet.text(lang),
            Msg::Row.text(lang),
            Msg::Column.text(lang),
            Msg::Value.text(lang),
            Msg::Problem.text(lang),
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

// A page written top to bottom, as it reads.
#[allow(clippy::too_many_lines)]
pub(super) async fn upload(State(state): State<Shared>, auth: Auth, mut mp: Multipart) -> Response {
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
        return forbidden(lang, Msg::ALeadersAccountReadsOnly.text(lang));
    }
    let Some((fname, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return message_page(
            StatusCode::BAD_REQUEST,
            lang,
            Msg::Upload.text(lang),
            Msg::NoFileWasChosen.text(lang),
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
    let title = Msg::Upload.text(lang);
    match out {
        Ok(Ok(r)) => auth.page(
            title,
            &format!(
                "<p class=\"ok\" id=\"done\">{}: {} {} ({} {}, {} {}, {} {})</p>",
                esc(&r.source_name),
                r.rows,
                Msg::Rows.text(lang),
                r.inserted,
                Msg::New.text(lang),
                r.updated,
                Msg::Changed.text(lang),
                r.unchanged,
                Msg::Unchanged.text(lang),
            ),
        ),
        Ok(Err((refused, GrdpsimError::ImportRejected { problems, .. }))) => {
            let mut r = auth.page(
                title,
                &format!(
                    "<p class=\"err\">{}</p>{}{}",
                    Msg::TheFileWasRejectedWholeNothing.text(lang),
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
