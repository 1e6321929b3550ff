//! Issue 28: a refused row's reason that the import writes in English reaches a Vietnamese page
//! in Vietnamese, with no English word left: one the catalog of `error_text` did not know
//! before (a payment in a capital source without a plan line, which the general "project {}:
//! {}" read with English left in its hole), and the calendar's reason inside "project P: ..."
//! (each hole read in turn). The English page keeps the import's words.
//! (`cargo test --features web`.)
#![cfg(feature = "web")]

use axum::http::StatusCode;
use grdpsim::error_text::english_words;
use grdpsim::web::{router, set_account, Role, ServerOptions};

mod web_support;
use web_support::{login_at as login, problem_row, send_to, upload_bytes, Reply, PASSWORD};

/// The reason shown for `row` and `column` in an upload's problem table (its `class="err"`
/// cell).
fn reason(r: &Reply, row: usize, column: &str) -> String {
    let cells = problem_row(r, row, column);
    let cell = "<td class=\"err\">";
    let from = cells.find(cell).unwrap() + cell.len();
    cells[from..].trim_end_matches("</td>").to_owned()
}

#[tokio::test]
async fn a_capital_sources_refusal_reads_in_vietnamese_on_a_vietnamese_page() {
    let m = grdpsim::datasets::cao_bang_monitoring_2025().unwrap();
    let mut t = m.tracker();
    let investor = t.investors().unwrap().swap_remove(0).0;
    let project = t.projects_of(&investor).unwrap().swap_remove(0).0;
    set_account(&mut t, "admin", Role::Admin, None, PASSWORD, "test").unwrap();
    let app = router(t, ServerOptions::default().with_cao_bang_example().unwrap());
    let (s, csrf) = login(&app, "admin", "/").await;
    // Row 2 pays the project in a capital source it has no plan line in (ODA-X); row 3 in a
    // week that ends on Thursday 9 October (the store's weeks end on Fridays).
    let file = format!(
        "project,week_ending,source,amount,capital_source\n\
         {project},2025-10-10,investor,5,ODA-X\n\
         {project},2025-10-09,investor,5,\n"
    );
    let r = send_to(&app, upload_bytes(&s, &csrf, "tuan.csv", file.as_bytes())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("<html lang=\"vi\""));
    let line = reason(&r, 2, "capital_source");
    assert_eq!(
        line,
        format!(
            "dự án {project}, tuần kết thúc ngày 2025-10-10: không có dòng kế hoạch của nguồn \
             vốn ODA-X (hãy nhập kế hoạch của dự án theo nguồn vốn đó trước)"
        )
    );
    let week = reason(&r, 3, "week_ending");
    assert_eq!(
        week,
        format!(
            "dự án {project}: ngày 2025-10-09 là thứ Năm: tuần báo cáo của kho dữ liệu này kết \
             thúc vào thứ Sáu (tuần đó kết thúc ngày 2025-10-10)"
        )
    );
    for text in [&line, &week] {
        assert_eq!(english_words(text), Vec::<String>::new(), "{text}");
    }
    assert!(!r.body.contains("no plan line"), "{}", r.body);
    // The same file on an English page: the import's own words.
    let en = format!("{s}; lang=en");
    let r = send_to(&app, upload_bytes(&en, &csrf, "tuan.csv", file.as_bytes())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reason(&r, 2, "capital_source"),
        format!(
            "project {project}, week ending 2025-10-10: no plan line in capital source ODA-X \
             (import the project&#39;s plan in that source first)"
        )
    );
    assert_eq!(
        reason(&r, 3, "week_ending"),
        format!(
            "project {project}: 2025-10-09 is a Thursday: this store&#39;s weeks end on Friday \
             (2025-10-10 ends that week)"
        )
    );
}
