//! Issue 25: every refusal a page shows is in the page's language: an upload's rows refused by
//! the import (a payment of "abc", an unknown project, a date outside the plan year), a file
//! that cannot be read, a form's row refused by the import, a department's upload, the
//! administration's forms. Vietnamese is the default; the `lang=en` cookie asks for English.
//! (`cargo test --features web`.)
#![cfg(feature = "web")]

use axum::http::StatusCode;
use axum::Router;
use grdpsim::disbursement::Tracker;
use grdpsim::web::{router, set_account, Role, ServerOptions};

mod common;
mod web_support;
use common::xlsx::{self, Cell};
use web_support::{
    get, login_at as login, multipart, post, problem_row, send_to, upload_bytes, Reply, PASSWORD,
};

const DIT: &str = "Sở Công Thương / Department of Industry and Trade";

/// The Cao Bằng example with an administrator, an investor (`cdt01`, of the portfolio's first
/// investor) and the Department of Industry and Trade (`sct`); one of cdt01's projects.
fn app() -> (Router, String) {
    let m = grdpsim::datasets::cao_bang_monitoring_2025().unwrap();
    let mut t: Tracker = m.tracker();
    let investor = t.investors().unwrap().swap_remove(0).0;
    let project = t.projects_of(&investor).unwrap().swap_remove(0).0;
    for (name, role, binding) in [
        ("admin", Role::Admin, None),
        ("cdt01", Role::Investor, Some(investor.as_str())),
        ("sct", Role::Department, Some(DIT)),
    ] {
        set_account(&mut t, name, role, binding, PASSWORD, "test").unwrap();
    }
    let options = ServerOptions::default().with_cao_bang_example().unwrap();
    (router(t, options), project)
}

/// A payments workbook of `project`: five good weeks (rows 2 to 6), then row 7 a payment of
/// "abc", row 8 a project the store does not have, row 9 a Friday of 2024 (the plan year is
/// 2025).
fn payments_workbook(project: &str) -> Vec<u8> {
    let weeks = [
        "2025-09-05",
        "2025-09-12",
        "2025-09-19",
        "2025-09-26",
        "2025-10-03",
    ];
    let refs: Vec<[String; 4]> = (2..=9)
        .map(|r| ["A", "B", "C", "D"].map(|c| format!("{c}{r}")))
        .collect();
    let mut cells = xlsx::PAYMENTS_HEADER.to_vec();
    for (i, week) in weeks.iter().enumerate() {
        let [a, b, c, d] = &refs[i];
        cells.extend([
            Cell::Text(a, project),
            Cell::Text(b, week),
            Cell::Text(c, "investor"),
            Cell::Number(d, 10.0),
        ]);
    }
    let bad = [
        (project, "2025-10-10", Cell::Text(&refs[5][3], "abc")),
        ("KHONGCO", "2025-10-10", Cell::Number(&refs[6][3], 5.0)),
        (project, "2024-09-06", Cell::Number(&refs[7][3], 5.0)),
    ];
    for (i, (p, week, amount)) in bad.into_iter().enumerate() {
        let [a, b, c, _] = &refs[5 + i];
        cells.extend([
            Cell::Text(a, p),
            Cell::Text(b, week),
            Cell::Text(c, "investor"),
            amount,
        ]);
    }
    xlsx::workbook(&[("payments", &cells)])
}

#[tokio::test]
async fn an_uploads_refused_rows_read_in_the_pages_language() {
    let (app, project) = app();
    let (s, csrf) = login(&app, "admin", "/").await;
    let book = payments_workbook(&project);
    let r = send_to(&app, upload_bytes(&s, &csrf, "tuan.xlsx", &book)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("<html lang=\"vi\""));
    // Row 7's amount, row 8's project, row 9's week: each named with its value and the
    // reason in Vietnamese.
    assert_eq!(
        problem_row(&r, 7, "amount"),
        "<td>abc</td><td class=\"err\">không phải là số</td>"
    );
    assert_eq!(
        problem_row(&r, 8, "project"),
        "<td>KHONGCO</td><td class=\"err\">không có dự án mã này (hãy nhập tệp danh mục dự án \
         trước)</td>"
    );
    assert_eq!(
        problem_row(&r, 9, "week_ending"),
        "<td>2024-09-06</td><td class=\"err\">ngày nằm ngoài năm kế hoạch 2025</td>"
    );
    for english in ["not a number", "unknown project", "outside the plan year"] {
        assert!(!r.body.contains(english), "{english}: {}", r.body);
    }
    // The same file on an English page: the import's own words.
    let en = format!("{s}; lang=en");
    let r = send_to(&app, upload_bytes(&en, &csrf, "tuan.xlsx", &book)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem_row(&r, 7, "amount").contains(">not a number<"));
    assert!(problem_row(&r, 8, "project").contains(">unknown project (import it"));
    assert!(problem_row(&r, 9, "week_ending").contains(">date outside the plan year 2025<"));
    // Nothing was written: the good weeks are not on the project's page.
    let page = send_to(&app, get(&format!("/project/{project}"), &s)).await;
    assert!(!page.body.contains("2025-10-03"), "{}", page.body);
}

#[tokio::test]
async fn a_file_that_cannot_be_read_is_said_in_the_pages_language() {
    let (app, _) = app();
    let (s, csrf) = login(&app, "admin", "/").await;
    // Latin-1 bytes (0xE9) are not UTF-8 text.
    let bytes = b"project,week_ending,source,amount\nP\xe9,2025-09-05,investor,1\n";
    let r = send_to(&app, upload_bytes(&s, &csrf, "tuan.csv", bytes)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("tuan.csv, dòng 1: không phải văn bản UTF-8"),
        "{}",
        r.body
    );
    let en = format!("{s}; lang=en");
    let r = send_to(&app, upload_bytes(&en, &csrf, "tuan.csv", bytes)).await;
    assert!(
        r.body.contains("tuan.csv, line 1: not UTF-8 text"),
        "{}",
        r.body
    );
}

/// The error shown next to the weekly form's `week_ending` field.
fn week_error(r: &Reply) -> &str {
    let at = r
        .body
        .find("id=\"week-week_ending-error\"")
        .unwrap_or_else(|| panic!("no error of week_ending: {}", r.body));
    let rest = &r.body[at..];
    &rest[..rest.find("</").unwrap()]
}

#[tokio::test]
async fn a_forms_row_refused_by_the_import_reads_in_the_pages_language() {
    let (app, project) = app();
    let page = format!("/project/{project}");
    let (s, csrf) = login(&app, "cdt01", &page).await;
    let week = |cookie: &str, week: &str, amount: &str| {
        let fields = [
            ("csrf", csrf.as_str()),
            ("project", project.as_str()),
            ("week_ending", week),
            ("amount", amount),
        ];
        post("/week", cookie, &fields)
    };
    // 4 September 2025 is a Thursday; the store's weeks end on Fridays (the 5th).
    let r = send_to(&app, week(&s, "2025-09-04", "12")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let why = week_error(&r);
    assert!(
        why.contains(&format!(
            "dự án {project}: ngày 2025-09-04 là thứ Năm: tuần báo cáo của kho dữ liệu này kết \
             thúc vào thứ Sáu (tuần đó kết thúc ngày 2025-09-05)"
        )),
        "{why}"
    );
    let r = send_to(&app, week(&s, "2024-09-06", "12")).await;
    assert!(
        week_error(&r).contains("ngày nằm ngoài năm kế hoạch 2025 (&#34;2024-09-06&#34;)"),
        "{}",
        week_error(&r)
    );
    // English on an English page.
    let en = format!("{s}; lang=en");
    let r = send_to(&app, week(&en, "2025-09-04", "12")).await;
    assert!(
        week_error(&r).contains("2025-09-04 is a Thursday: this store&#39;s weeks end on Friday"),
        "{}",
        week_error(&r)
    );
}

#[tokio::test]
async fn a_departments_upload_and_report_are_refused_in_the_pages_language() {
    let (app, _) = app();
    let home = "/department/so-cong-thuong";
    let (s, csrf) = login(&app, "sct", home).await;
    let csv = "indicator,month,value,cumulative\nCN_GTSX,2025-13,690,3800\n";
    let upload = |cookie: &str| {
        multipart(
            "/department/so-cong-thuong/upload",
            cookie,
            &csrf,
            "v.csv",
            csv.as_bytes(),
        )
    };
    let r = send_to(&app, upload(&s)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("Dòng 2, month (&#34;2025-13&#34;): không phải là tháng dạng YYYY-MM"),
        "{}",
        r.body
    );
    let en = format!("{s}; lang=en");
    let r = send_to(&app, upload(&en)).await;
    assert!(
        r.body
            .contains("Row 2, month (&#34;2025-13&#34;): not a month YYYY-MM"),
        "{}",
        r.body
    );
    // A figure the form cannot read: "abc" named, in the page's language.
    let report = |cookie: &str| {
        post(
            "/department/so-cong-thuong/report",
            cookie,
            &[
                ("csrf", &csrf),
                ("indicator", "CN_GTSX"),
                ("month", "2025-07"),
                ("value", "abc"),
            ],
        )
    };
    let r = send_to(&app, report(&s)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("&#34;abc&#34; không phải là số"),
        "{}",
        r.body
    );
    let r = send_to(&app, report(&en)).await;
    assert!(
        r.body.contains("&#34;abc&#34; is not a number"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn the_administrations_refusals_read_in_the_pages_language() {
    let (app, _) = app();
    let (s, csrf) = login(&app, "admin", "/admin").await;
    let account = |cookie: &str, role: &str, department: &str| {
        post(
            "/admin/account",
            cookie,
            &[
                ("csrf", csrf.as_str()),
                ("name", "so-moi"),
                ("role", role),
                ("investor", ""),
                ("department", department),
                ("password", PASSWORD),
            ],
        )
    };
    let r = send_to(&app, account(&s, "giamdoc", "")).await;
    assert!(
        r.body
            .contains("role &#34;giamdoc&#34; không có; các lựa chọn: admin"),
        "{}",
        r.body
    );
    let r = send_to(&app, account(&s, "department", "Sở Không Có")).await;
    assert!(
        r.body.contains(
            "tham số department không hợp lệ: &#34;Sở Không Có&#34; không phải sở, ngành nào"
        ),
        "{}",
        r.body
    );
    let en = format!("{s}; lang=en");
    let r = send_to(&app, account(&en, "department", "Sở Không Có")).await;
    assert!(
        r.body.contains(
            "invalid argument department: &#34;Sở Không Có&#34; is not a department of this \
             store"
        ),
        "{}",
        r.body
    );
    // The national target's amount of -5: the year and the figure named.
    let target = |cookie: &str| {
        post(
            "/admin/national-target",
            cookie,
            &[
                ("csrf", csrf.as_str()),
                ("amount", "-5,5"),
                ("decided_on", "2024-12-05"),
                ("source", "QĐ 1508/QĐ-TTg"),
            ],
        )
    };
    let r = send_to(&app, target(&s)).await;
    assert!(
        r.body.contains(
            "tham số amount không hợp lệ: mục tiêu quốc gia năm 2025 phải là số tiền dương, \
             không phải -5,5"
        ),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_departments_task_progress_is_refused_in_the_pages_language() {
    let (app, _) = app();
    let home = "/department/so-cong-thuong";
    let (s, csrf) = login(&app, "sct", home).await;
    let progress = |cookie: &str, done_on: &str, done: &str| {
        post(
            "/department/so-cong-thuong/task",
            cookie,
            &[
                ("csrf", csrf.as_str()),
                ("task", "T-02"),
                ("status", "done"),
                ("done_on", done_on),
                ("done", done),
                ("total", "2000"),
            ],
        )
    };
    let error = |r: &Reply| {
        let at = r
            .body
            .find("id=\"form-error\">")
            .unwrap_or_else(|| panic!("{}", r.body));
        let rest = &r.body[at + "id=\"form-error\">".len()..];
        rest[..rest.find('<').unwrap()].to_owned()
    };
    let en = format!("{s}; lang=en");
    // A date written 20/7: named as typed.
    let r = send_to(&app, progress(&s, "20/7", "5")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error(&r), "&#34;20/7&#34;: không phải ngày YYYY-MM-DD");
    let r = send_to(&app, progress(&en, "20/7", "5")).await;
    assert_eq!(error(&r), "&#34;20/7&#34;: not a date YYYY-MM-DD");
    // A count of "mười" (ten, in words).
    let r = send_to(&app, progress(&s, "2025-07-20", "mười")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error(&r), "&#34;mười&#34;: &#34;mười&#34; không phải là số");
    let r = send_to(&app, progress(&en, "2025-07-20", "mười")).await;
    assert_eq!(error(&r), "&#34;mười&#34;: &#34;mười&#34; is not a number");
}
