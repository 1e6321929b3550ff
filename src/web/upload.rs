//! Uploads: the same files as `grdpsim disbursement import`, limited to what the role may
//! write.

use super::prelude::*;
use axum::extract::Multipart;

use crate::disbursement::{ImportKind, ImportReport, PaymentSource, RawTable};
use crate::error::RowProblem;
use crate::io::tables::{read_csv_text, read_workbook_bytes};

/// The upload form (`templates/upload_form.html`).
#[derive(Template)]
#[template(path = "upload_form.html")]
struct UploadForm<'a> {
    lang: Lang,
    csrf: &'a str,
}

/// What an upload did (`templates/upload_result.html`): the import's report, or why the
/// file was not read, or else the rows to correct.
#[derive(Template)]
#[template(path = "upload_result.html")]
struct UploadResult<'a> {
    lang: Lang,
    report: Option<&'a ImportReport>,
    unread: Option<String>,
    problems: &'a [RowProblem],
    /// The upload form again, already rendered.
    form: String,
}

speaks!(UploadForm, UploadResult);

pub(super) fn upload_form(auth: &Auth) -> String {
    render(&UploadForm {
        lang: auth.lang,
        csrf: &auth.csrf,
    })
}

/// The tables of an uploaded file, read from memory (no temporary file to leave behind, no
/// server path in an error): a workbook by its `.xlsx` name, CSV otherwise. No store involved.
pub(super) fn read_upload(fname: &str, bytes: Vec<u8>) -> Result<Vec<RawTable>, GrdpsimError> {
    #[cfg(test)]
    tests::parsing();
    if fname.to_ascii_lowercase().ends_with(".xlsx") {
        read_workbook_bytes(fname, bytes)
    } else {
        let text = String::from_utf8(bytes).map_err(|_| GrdpsimError::Parse {
            source_name: fname.to_owned(),
            line: 1,
            message: "not UTF-8 text".into(),
        })?;
        read_csv_text(fname, &text).map(|t| vec![t])
    }
}

/// Why `account` may not import `table` (a row's project, a payment source, a layout).
pub(super) fn upload_refusals(
    a: &Account,
    table: &RawTable,
    own: Option<&HashSet<String>>,
) -> Vec<RowProblem> {
    let header = crate::disbursement::program_header(&table.header);
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
        Role::Viewer | Role::Department | Role::Office | Role::Leader => false,
        Role::Investor => matches!(
            kind,
            Some(
                ImportKind::Payments
                    | ImportKind::Obstacles
                    | ImportKind::WeeklyPlans
                    | ImportKind::MonthlyPlans
            )
        ),
        Role::Treasury => matches!(
            kind,
            Some(ImportKind::Payments | ImportKind::Advances | ImportKind::Recoveries)
        ),
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

/// The answer to an upload without a file.
pub(super) fn no_file(lang: Lang) -> Response {
    message_page(
        StatusCode::BAD_REQUEST,
        lang,
        Msg::Upload.text(lang),
        Msg::NoFileWasChosen.text(lang),
    )
}

/// A multipart form's fields and its file (name and bytes), if one was sent.
pub(super) async fn read_multipart(mp: &mut Multipart) -> (Fields, Option<(String, Vec<u8>)>) {
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
    (fields, file)
}

pub(super) async fn upload(State(state): State<Shared>, auth: Auth, mut mp: Multipart) -> Response {
    let lang = auth.lang;
    let (fields, file) = read_multipart(&mut mp).await;
    if let Err(r) = auth.check_csrf(&fields) {
        return r;
    }
    if auth.account.role == Role::Viewer {
        return forbidden(lang, Msg::ALeadersAccountReadsOnly.text(lang));
    }
    let Some((fname, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return no_file(lang);
    };
    let account = auth.account.clone();
    // Read and parsed before the store is taken, which then holds for the import's transaction
    // alone: a big workbook does not keep the other users waiting while it is read (issue 22).
    let parsed = tokio::task::spawn_blocking(move || {
        let tables = read_upload(&fname, bytes);
        (fname, tables)
    })
    .await;
    let out = match parsed {
        Ok((fname, Ok(tables))) => {
            db(&state, lang, move |t| {
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
            .await
        }
        Ok((_, Err(e))) => Ok(Err((false, e))),
        Err(e) => {
            eprintln!("grdpsim serve: error: an upload's reading failed: {e}");
            return failed(lang);
        }
    };
    let page = |status: StatusCode, result: &UploadResult| {
        let mut r = auth.page(Msg::Upload.text(lang), &render(result));
        *r.status_mut() = status;
        r
    };
    let result = |report, unread, problems| UploadResult {
        lang,
        report,
        unread,
        problems,
        form: upload_form(&auth),
    };
    match out {
        Ok(Ok(r)) => page(StatusCode::OK, &result(Some(&r), None, &[])),
        Ok(Err((refused, GrdpsimError::ImportRejected { problems, .. }))) => {
            let status = if refused {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            page(status, &result(None, None, &problems))
        }
        Ok(Err((_, e))) => page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &result(None, Some(e.message(lang)), &[]),
        ),
        Err(r) => r,
    }
}

/// The requests the integration tests send (one multipart upload, written once).
#[cfg(test)]
#[path = "../../tests/web_support/mod.rs"]
mod web_support;

#[cfg(test)]
mod tests {
    use std::fmt::Write;
    use std::sync::{Barrier, Mutex, PoisonError};
    use std::time::Duration;

    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;
    use crate::disbursement::PAYMENT_COLUMNS;
    use crate::web::{router, ServerOptions};

    use super::web_support;

    /// Set by a test: a parse waits at the first barrier (it has begun), then at the second
    /// (the test lets it go on).
    static PARSE_GATE: Mutex<Option<Arc<(Barrier, Barrier)>>> = Mutex::new(None);

    pub(super) fn parsing() {
        let gate = PARSE_GATE
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(g) = gate {
            g.0.wait();
            g.1.wait();
        }
    }

    /// The Treasury's payments, three weeks of every project, as CSV. (A workbook of them
    /// would do as well for the lock, but the workbook check of src/io/workbook.rs refuses
    /// `rust_xlsxwriter`'s shared strings when the same string repeats: it reads `count`, the
    /// references, as if it were `uniqueCount`.)
    fn payments(projects: &[String]) -> Vec<u8> {
        let mut csv = PAYMENT_COLUMNS.join(",");
        for p in projects {
            for week in ["2025-09-05", "2025-09-12", "2025-09-19"] {
                let _ = write!(csv, "\n{p},{week},treasury,1.5");
            }
        }
        csv.into_bytes()
    }

    async fn text(r: Response) -> String {
        let bytes = r.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// The Treasury's advances and recoveries (issue 26), in English or Vietnamese headers, as
    /// its payments: the Treasury and the admin may upload them, an investor or a viewer not.
    #[test]
    fn the_treasury_and_the_admin_may_upload_advances_and_recoveries() {
        let account = |role| Account {
            name: "x".into(),
            role,
            investor: (role == Role::Investor).then(|| "A".to_owned()),
            department: None,
        };
        let table = |header: &[&str]| RawTable {
            sheet: None,
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: vec![(
                2,
                vec!["P1".into(), "R1".into(), "2025-07-01".into(), "1".into()],
            )],
        };
        let own: HashSet<String> = ["P1".to_owned()].into();
        for t in [
            table(crate::disbursement::ADVANCE_COLUMNS),
            table(crate::disbursement::RECOVERY_COLUMNS),
            table(&["Mã dự án", "Số chứng từ", "Ngày thu hồi", "Số tiền"]),
        ] {
            assert!(upload_refusals(&account(Role::Treasury), &t, None).is_empty());
            assert!(upload_refusals(&account(Role::Admin), &t, None).is_empty());
            for role in [Role::Investor, Role::Viewer] {
                let refused = upload_refusals(&account(role), &t, Some(&own));
                assert_eq!(refused.len(), 1, "{role:?}");
                assert_eq!(refused[0].column, "header");
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_page_answers_while_an_upload_is_parsed() {
        let mut t = crate::datasets::cao_bang_disbursement_2025().unwrap();
        accounts::set_account(
            &mut t,
            "admin",
            Role::Admin,
            None,
            "a long password",
            "test",
        )
        .unwrap();
        let (token, csrf) = accounts::open_session(&mut t, "admin").unwrap();
        let mut projects: Vec<String> = Vec::new();
        for (investor, _) in t.investors().unwrap() {
            projects.extend(t.projects_of(&investor).unwrap().into_iter().map(|p| p.0));
        }
        projects.sort();
        let file = payments(&projects);
        let app = router(t, ServerOptions::default());
        let cookie = format!("grdpsim_session={token}");
        let gate = Arc::new((Barrier::new(2), Barrier::new(2)));
        *PARSE_GATE.lock().unwrap() = Some(gate.clone());
        let upload = tokio::spawn(app.clone().oneshot(web_support::upload_bytes(
            &cookie,
            &csrf,
            "weeks.csv",
            &file,
        )));
        // The file's parse has begun, and waits.
        let g = gate.clone();
        tokio::task::spawn_blocking(move || g.0.wait())
            .await
            .unwrap();
        // Another user's page answers meanwhile. Were the store held during the parse, it
        // would wait for ever: the timeout only ends such a test, it measures nothing.
        let get = Request::get("/treasury")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap();
        let page = tokio::time::timeout(Duration::from_secs(300), app.clone().oneshot(get))
            .await
            .expect("the page waited for the upload's parse")
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let g = gate.clone();
        tokio::task::spawn_blocking(move || g.1.wait())
            .await
            .unwrap();
        *PARSE_GATE.lock().unwrap() = None;
        let done = upload.await.unwrap().unwrap();
        let status = done.status();
        let body = text(done).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let rows = projects.len() * 3;
        assert!(
            body.contains(&format!("id=\"done\">weeks.csv: {rows} ")),
            "{body}"
        );
    }
}
