//! The page's reads under load (issue 27): the size of the read pool is an option of the
//! server (0: every request through the one writer, as before the pool), checked by name, and
//! whatever the pool's size, a write acknowledged by the page is in every page read after it.

mod disbursement_support;
mod web_support;

use axum::http::StatusCode;
use axum::Router;
use disbursement_support::TempDir;
use grdpsim::datasets::cao_bang_disbursement_2025_at;
use grdpsim::disbursement::Tracker;
use grdpsim::web::{router, Role, ServerOptions, MAX_READ_CONNECTIONS, READ_CONNECTIONS};
use web_support::{add_accounts, get, login_at, post, send_to};

/// The Cao Bằng example in a file of `dir`, with the account `cdt` of its first investor and
/// the Treasury's `kbnn`; the investor's code and its first project.
fn example(dir: &TempDir) -> (Tracker, String, String) {
    let mut t = cao_bang_disbursement_2025_at(dir.0.join("cao_bang.sqlite")).unwrap();
    let investor = t.investors().unwrap()[0].0.clone();
    let project = t.projects_of(&investor).unwrap()[0].0.clone();
    add_accounts(
        &mut t,
        &[
            ("cdt", Role::Investor, Some(&investor)),
            ("kbnn", Role::Treasury, None),
        ],
    );
    (t, investor, project)
}

fn with_reads(read_connections: usize) -> ServerOptions {
    ServerOptions {
        read_connections,
        ..ServerOptions::default()
    }
}

/// The bodies of `paths` read through `app` with `session`.
async fn pages(app: &Router, session: &str, paths: &[String]) -> Vec<String> {
    let mut bodies = Vec::new();
    for path in paths {
        let r = send_to(app, get(path, session)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        bodies.push(r.body);
    }
    bodies
}

/// A form of `fields` posted to `path`, which the page acknowledges.
async fn acknowledged(app: &Router, path: &str, session: &str, fields: &[(&str, &str)]) {
    let r = send_to(app, post(path, session, fields)).await;
    assert!(r.body.contains("id=\"done\""), "{path}: {}", r.body);
}

/// With `read_connections`, the pages read after an acknowledged update show it: each is the
/// page a server started after the update renders on the same file, and the pages that show
/// the figure written differ from those read before it. The investor's figure is on its
/// project's page and the province's page of investors' figures; the Treasury's on the
/// investor's page and the province's page (the Treasury's figures, the default).
async fn an_update_is_in_the_next_pages(read_connections: usize) {
    let dir = TempDir::new(&format!("web-reads-{read_connections}"));
    let (t, investor, project) = example(&dir);
    let db = t.shared_store().lock().path().unwrap();
    // The pages' as-of week, so that the figures they show move.
    let week = t.default_as_of().unwrap().unwrap().as_of.to_string();
    let app = router(t, with_reads(read_connections));
    let (cdt, cdt_csrf) = login_at(&app, "cdt", &format!("/investor/{investor}")).await;
    let (kbnn, kbnn_csrf) = login_at(&app, "kbnn", "/treasury").await;
    let investor_pages = [format!("/project/{project}"), "/?source=investor".into()];
    let treasury_pages = [format!("/investor/{investor}"), "/".into()];
    for (amount, who, csrf, path, changed) in [
        ("777", &cdt, &cdt_csrf, "/week", &investor_pages),
        ("778", &cdt, &cdt_csrf, "/week", &investor_pages),
        (
            "779",
            &kbnn,
            &kbnn_csrf,
            "/treasury/payment",
            &treasury_pages,
        ),
        (
            "780",
            &kbnn,
            &kbnn_csrf,
            "/treasury/payment",
            &treasury_pages,
        ),
    ] {
        let before = pages(&app, &cdt, changed).await;
        // Read twice: the second read is the one a kept result would answer.
        assert_eq!(pages(&app, &cdt, changed).await, before);
        let fields = [
            ("csrf", csrf.as_str()),
            ("project", project.as_str()),
            ("week_ending", week.as_str()),
            ("amount", amount),
        ];
        acknowledged(&app, path, who, &fields).await;
        let after = pages(&app, &cdt, changed).await;
        let fresh = router(Tracker::open(&db).unwrap(), with_reads(0));
        assert_eq!(after, pages(&fresh, &cdt, changed).await, "{path} {amount}");
        for ((page, b), a) in changed.iter().zip(&before).zip(&after) {
            assert_ne!(a, b, "{page} did not change after {path} {amount}");
        }
    }
}

#[tokio::test]
async fn an_update_is_in_the_next_pages_through_the_writer_alone() {
    an_update_is_in_the_next_pages(0).await;
}

#[tokio::test]
async fn an_update_is_in_the_next_pages_through_the_pool() {
    an_update_is_in_the_next_pages(READ_CONNECTIONS).await;
}

#[tokio::test]
async fn a_pool_beyond_its_bound_is_refused_by_name() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let e = grdpsim::web::serve_on(listener, t, with_reads(MAX_READ_CONNECTIONS + 1), async {})
        .await
        .unwrap_err();
    assert!(
        matches!(&e, grdpsim::GrdpsimError::InvalidArgument { name, .. } if name == "read_connections"),
        "{e}"
    );
    // 256 + 1.
    assert!(e.to_string().contains("257:"), "{e}");
}
