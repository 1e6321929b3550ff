//! The leaders' weekly pack on the web page (issue 26): the home page honours `?as_of=`, shows
//! the week's change split into payments and plan revisions and the proposals for the slow
//! investors, refuses a date that is not one in the page's language, and links to the pack
//! (`/pack`, the weekly briefing as a page, or PDF) for the accounts that read every investor.
#![cfg(feature = "web")]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use grdpsim::disbursement::{Level, ProposalOptions, Tracker};
use grdpsim::lang::Lang;
use grdpsim::web::{router, Role, ServerOptions};
use http_body_util::BodyExt;
use tower::ServiceExt;

mod disbursement_support;
mod web_support;
use disbursement_support::d;
use web_support::{add_accounts, get, send_to, session as login};

/// The example with a leader's and the first investor's accounts: the router, the investor.
fn app() -> (axum::Router, Tracker, String) {
    let mut t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let reference = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let investor = t.investors().unwrap().swap_remove(0).0;
    add_accounts(
        &mut t,
        &[
            ("lanhdao", Role::Viewer, None),
            ("cdt", Role::Investor, Some(&investor)),
        ],
    );
    (router(t, ServerOptions::default()), reference, investor)
}

/// HTML's escaping of text, as the templates write it.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// `/?as_of=2025-07-31` shows that week: the rate (1.664.807 / 6.211.966 = 26,8%), the change
/// since 24 July split as `Tracker::status` splits it, and the proposals, in Vietnamese; 30
/// June's page shows 41,8%.
#[tokio::test]
async fn the_home_page_shows_the_week_asked_for_with_its_change_and_proposals() {
    let (app, t, investor) = app();
    let leader = login(&app, "lanhdao").await;
    let page = send_to(&app, get("/?as_of=2025-07-31", &leader)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = page.body;
    assert!(
        body.contains("<strong id=\"as-of\">2025-07-31</strong>"),
        "{body}"
    );
    assert!(
        body.contains("<strong id=\"province-rate\">26,8 %</strong>"),
        "{body}"
    );
    let week = t.status(d("2025-07-31"), Level::Province).unwrap().total;
    let vi = Lang::Vi;
    let expected = format!(
        "Thay đổi từ ngày 2025-07-24: <strong>{} điểm %</strong> ({} điểm % do thanh toán, {} \
         điểm % do điều chỉnh kế hoạch vốn)",
        vi.signed(week.change_pp, 1),
        vi.signed(week.from_payments_pp, 1),
        vi.signed(week.from_plan_pp, 1)
    );
    assert!(body.contains(&expected), "{expected} not in {body}");
    // The change is the payments' and the plan's: they add up.
    assert!((week.change_pp - week.from_payments_pp - week.from_plan_pp).abs() < 1e-9);
    // Every proposal of the week, in Vietnamese, for a leader.
    let proposals = t
        .proposals(d("2025-07-31"), &ProposalOptions::default())
        .unwrap();
    assert!(!proposals.is_empty());
    assert!(body.contains("<table id=\"proposals\">"));
    for p in &proposals {
        assert!(
            body.contains(&esc(&p.message(grdpsim::lang::Lang::Vi))),
            "{}",
            p.message(grdpsim::lang::Lang::Vi)
        );
    }
    // The links keep the date, and the pack is offered.
    assert!(
        body.contains("sort=rate&amp;dir=asc&amp;as_of=2025-07-31"),
        "{body}"
    );
    assert!(body.contains("id=\"pack\" href=\"/pack?source=treasury&amp;as_of=2025-07-31\""));
    // 30 June: 1.333.690 / 3.189.931 = 41,8%.
    let june = send_to(&app, get("/?as_of=2025-06-30", &leader)).await.body;
    assert!(
        june.contains("<strong id=\"province-rate\">41,8 %</strong>"),
        "{june}"
    );
    // An investor sees only its own proposals, and no link to the pack.
    let own = login(&app, "cdt").await;
    let body = send_to(&app, get("/?as_of=2025-07-31", &own)).await.body;
    assert!(!body.contains("id=\"pack\""));
    let others = proposals.iter().filter(|p| p.investor != investor);
    for p in others {
        assert!(
            !body.contains(&esc(&p.message(grdpsim::lang::Lang::Vi))),
            "{}",
            p.message(grdpsim::lang::Lang::Vi)
        );
    }
    let mine = proposals.iter().filter(|p| p.investor == investor).count();
    let rows = body
        .split("<table id=\"proposals\">")
        .nth(1)
        .map_or(0, |table| {
            table
                .split("</table>")
                .next()
                .unwrap()
                .matches("<tr><td>")
                .count()
        });
    assert_eq!(rows, mine);
}

/// A date that is not one is a page that says so in the reader's language, status 400.
#[tokio::test]
async fn a_date_that_is_not_one_is_refused_in_the_page_s_language() {
    let (app, _, _) = app();
    let leader = login(&app, "lanhdao").await;
    for path in ["/?as_of=2025-13-45", "/pack?as_of=31/07/2025"] {
        let vi = send_to(&app, get(path, &leader)).await;
        assert_eq!(vi.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            vi.body.contains("không phải ngày YYYY-MM-DD"),
            "{}",
            vi.body
        );
        let en = send_to(&app, get(path, &format!("{leader}; lang=en"))).await;
        assert_eq!(en.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(en.body.contains("is not a date YYYY-MM-DD"), "{}", en.body);
    }
    let bad = send_to(&app, get("/pack?period=year", &leader)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// `/pack` is the weekly briefing as its own page: a week's change by default, the month's
/// with `period=month` (the monthly ranking: 41,8% → 26,8% from 30 June), PDF on request;
/// investors' accounts may not read it.
#[tokio::test]
async fn the_pack_is_the_briefing_for_the_leaders_as_a_page_or_pdf() {
    let (app, t, _) = app();
    let leader = login(&app, "lanhdao").await;
    let week = send_to(&app, get("/pack?as_of=2025-07-31", &leader)).await;
    assert_eq!(week.status, StatusCode::OK);
    let expected =
        grdpsim::reports::briefing::briefing(&t, d("2025-07-31"), d("2025-07-24"), Lang::Vi)
            .unwrap();
    assert_eq!(week.body, expected.to_html());
    let month = send_to(&app, get("/pack?as_of=2025-07-31&period=month", &leader)).await;
    assert!(month.body.contains("41,8% → 26,8%"), "{}", month.body);
    let own = login(&app, "cdt").await;
    let refused = send_to(&app, get("/pack?as_of=2025-07-31", &own)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    if grdpsim::document::pdf::chromium().is_err() {
        eprintln!("no Chromium: the PDF download is not checked");
        return;
    }
    let r = app
        .clone()
        .oneshot(
            Request::get("/pack?as_of=2025-07-31&format=pdf")
                .header(header::COOKIE, &leader)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/pdf");
    assert!(r.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("pack-2025-07-31.pdf"));
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    assert!(bytes.starts_with(b"%PDF-"));
}
