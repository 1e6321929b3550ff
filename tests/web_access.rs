//! Access control of the tracking page, driven through the router without a socket: who may
//! read and write what, CSRF, the log-in rate limit, and that every refused write leaves the
//! store as it was. (`cargo test --features web`; the browser tests are in tests/python.)
#![cfg(feature = "web")]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use grdpsim::disbursement::{Decision, Level, Tracker};
use grdpsim::web::{router, Role, ServerOptions, LOGIN_FAILURES_ALLOWED};

mod common;
mod web_support;
use web_support::{
    add_accounts, get, login_at, post, send_to, session, try_login_from, upload_bytes,
    upload_leftovers, Reply, PASSWORD,
};

fn project_of(t: &Tracker, investor: &str) -> String {
    t.projects_of(investor).unwrap().swap_remove(0).0
}

struct App {
    router: Router,
    /// A project of the investor of `cdt01`, and one of `cdt02`'s.
    own: String,
    other: String,
    own_investor: String,
    other_investor: String,
}

fn app() -> App {
    app_with(|_| ())
}

/// [`app`] on the example after `prepare` (a clock, a calendar).
fn app_with(prepare: impl FnOnce(&mut Tracker)) -> App {
    let mut t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    prepare(&mut t);
    // The first two investors of the synthetic portfolio.
    let investors: Vec<String> = t
        .investors()
        .unwrap()
        .into_iter()
        .take(2)
        .map(|(code, _)| code)
        .collect();
    let (first, second) = (investors[0].as_str(), investors[1].as_str());
    add_accounts(
        &mut t,
        &[
            ("admin", Role::Admin, None),
            ("kbnn", Role::Treasury, None),
            ("lanhdao", Role::Viewer, None),
            ("cdt01", Role::Investor, Some(first)),
            ("cdt02", Role::Investor, Some(second)),
        ],
    );
    let own = project_of(&t, first);
    let other = project_of(&t, second);
    App {
        own,
        other,
        own_investor: first.to_owned(),
        other_investor: second.to_owned(),
        router: router(t, ServerOptions::default()),
    }
}

async fn send(app: &App, req: Request<Body>) -> Reply {
    send_to(&app.router, req).await
}

async fn try_login(app: &App, name: &str, password: &str) -> Reply {
    try_login_from(&app.router, name, password, None).await
}

/// Logs in: the session cookie and the session's CSRF token (from the home page).
async fn login(app: &App, name: &str) -> (String, String) {
    login_at(&app.router, name, "/").await
}

/// Posts a weekly figure through `path` (`/week` for the investor's, `/treasury/payment`).
async fn payment(
    app: &App,
    path: &str,
    cookie: &str,
    csrf: &str,
    project: &str,
    week: &str,
    amount: &str,
) -> Reply {
    let fields = [
        ("csrf", csrf),
        ("project", project),
        ("week_ending", week),
        ("amount", amount),
    ];
    send(app, post(path, cookie, &fields)).await
}

async fn week_shown(app: &App, cookie: &str, project: &str, week: &str) -> bool {
    let page = send(app, get(&format!("/project/{project}"), cookie)).await;
    page.body.contains(week)
}

#[tokio::test]
async fn pages_need_a_session_and_a_password_hash_only_is_stored() {
    let a = app();
    let r = send(&a, get("/", "")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location.as_deref(), Some("/login"));
    let r = send(&a, get("/", "grdpsim_session=forged")).await;
    assert_eq!(r.location.as_deref(), Some("/login"));
    let r = try_login(&a, "cdt01", "wrong password!").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.cookies.iter().all(|c| !c.starts_with("grdpsim_session=")));
}

#[tokio::test]
async fn an_investor_never_reads_nor_writes_another_investors_project() {
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    // Its own project and page: fine.
    assert_eq!(
        send(&a, get(&format!("/project/{}", a.own), &s))
            .await
            .status,
        StatusCode::OK
    );
    let own_page = format!("/investor/{}", a.own_investor);
    assert_eq!(send(&a, get(&own_page, &s)).await.status, StatusCode::OK);
    // Another's, by URL: refused, and nothing of it shown.
    let r = send(&a, get(&format!("/project/{}", a.other), &s)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains("weekly") && !r.body.contains("history"));
    let other_page = format!("/investor/{}", a.other_investor);
    assert_eq!(
        send(&a, get(&other_page, &s)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&a, get("/treasury", &s)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&a, get("/admin", &s)).await.status,
        StatusCode::FORBIDDEN
    );
    // Another's, by the form's hidden field: refused, nothing written.
    for (path, extra) in [
        (
            "/week",
            vec![("week_ending", "2025-08-29"), ("amount", "99999")],
        ),
        (
            "/obstacle",
            vec![
                ("description", "x"),
                ("reported", "2025-08-29"),
                ("agency", "x"),
                ("status", "open"),
            ],
        ),
        ("/responsible", vec![("responsible", "Mallory")]),
        (
            "/weekly-plan",
            vec![("week_ending", "2025-08-29"), ("planned", "99999")],
        ),
        (
            "/treasury/payment",
            vec![("week_ending", "2025-08-29"), ("amount", "99999")],
        ),
    ] {
        let mut fields = vec![("csrf", csrf.as_str()), ("project", a.other.as_str())];
        fields.extend(extra);
        let r = send(&a, post(path, &s, &fields)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Its own project through the Treasury's form: refused too (investors report, the
    // Treasury records).
    let r = payment(
        &a,
        "/treasury/payment",
        &s,
        &csrf,
        &a.own,
        "2025-08-29",
        "1",
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (admin, _) = login(&a, "admin").await;
    let audit = send(&a, get("/admin", &admin)).await.body;
    assert!(!audit.contains("99999") && !audit.contains("Mallory"));
}

#[tokio::test]
async fn forms_without_the_sessions_csrf_token_are_refused() {
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    for token in [
        "",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let r = payment(&a, "/week", &s, token, &a.own, "2025-09-05", "5").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    // Another session's token is not this session's.
    let (_, other_csrf) = login(&a, "cdt02").await;
    assert_ne!(other_csrf, csrf);
    let r = payment(&a, "/week", &s, &other_csrf, &a.own, "2025-09-05", "5").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!week_shown(&a, &s, &a.own, "2025-09-05").await);
    // With it, the week is saved and recorded under the account.
    let r = payment(&a, "/week", &s, &csrf, &a.own, "2025-09-05", "5").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(week_shown(&a, &s, &a.own, "2025-09-05").await);
    let (admin, _) = login(&a, "admin").await;
    let audit = send(&a, get("/admin", &admin)).await.body;
    assert!(
        audit.contains("<td>cdt01</td><td>web form week</td><td>payments</td>"),
        "{audit}"
    );
    // A log-in form without its token is refused as well.
    let r = send(
        &a,
        post("/login", "", &[("name", "cdt01"), ("password", PASSWORD)]),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// A payment typed in the investor's or the Treasury's form names its capital source (empty:
/// the project's own); a source the project has no plan line in is refused next to the field,
/// writing nothing (issue 26, several sources per project).
#[tokio::test]
async fn a_payment_typed_in_a_form_names_its_capital_source() {
    // The first investor's first project (`own`) gets a second plan line, in ODA.
    let a = app_with(|t| {
        let investor = t.investors().unwrap().swap_remove(0).0;
        let p = project_of(t, &investor);
        let plan = format!("project,effective,amount,capital_source\n{p},2025-08-01,500,ODA\n");
        t.import_csv_str("oda.csv", &plan, "test").unwrap();
    });
    let (s, csrf) = login(&a, "cdt01").await;
    let page = send(&a, get(&format!("/project/{}", a.own), &s)).await.body;
    assert!(page.contains("id=\"week-capital_source\""), "{page}");
    assert!(page.contains("Nguồn vốn (để trống: nguồn vốn của dự án)"));
    let week = |path, cookie, token, week, source| {
        let fields = [
            ("csrf", token),
            ("project", a.own.as_str()),
            ("week_ending", week),
            ("amount", "5"),
            ("capital_source", source),
        ];
        send(&a, post(path, cookie, &fields))
    };
    let r = week("/week", &s, &csrf, "2025-09-05", "XYZ").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"week-capital_source-error\""),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("không có dòng kế hoạch của nguồn vốn XYZ"),
        "{}",
        r.body
    );
    assert!(!week_shown(&a, &s, &a.own, "2025-09-05").await);
    let r = week("/week", &s, &csrf, "2025-09-05", "ODA").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(week_shown(&a, &s, &a.own, "2025-09-05").await);
    // The Treasury's form: ODA taken, a source without a line refused.
    let (k, kcsrf) = login(&a, "kbnn").await;
    let r = week("/treasury/payment", &k, &kcsrf, "2025-09-12", "ODA").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = week("/treasury/payment", &k, &kcsrf, "2025-09-19", "NSTW-X").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"treasury-capital_source-error\""),
        "{}",
        r.body
    );
    assert!(week_shown(&a, &s, &a.own, "2025-09-12").await);
    assert!(!week_shown(&a, &s, &a.own, "2025-09-19").await);
}

#[tokio::test]
async fn a_rejected_week_names_the_field_and_writes_nothing() {
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    let r = payment(&a, "/week", &s, &csrf, &a.own, "2025-09-05", "-3").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"week-amount-error\""), "{}", r.body);
    // The page is Vietnamese (the default), and so is its error.
    assert!(r.body.contains("số tiền âm"), "{}", r.body);
    let r = payment(&a, "/week", &s, &csrf, &a.own, "2024-12-27", "3").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"week-week_ending-error\""));
    assert!(!week_shown(&a, &s, &a.own, "2024-12-27").await);
}

#[tokio::test]
async fn roles_see_what_they_are_for() {
    let a = app();
    let (viewer, vcsrf) = login(&a, "lanhdao").await;
    let page = send(&a, get(&format!("/project/{}", a.other), &viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("week-form") && !page.body.contains("treasury-form"));
    assert_eq!(
        send(&a, get("/treasury", &viewer)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(&a, get("/admin", &viewer)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = payment(&a, "/week", &viewer, &vcsrf, &a.other, "2025-08-29", "1").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (treasury, _) = login(&a, "kbnn").await;
    let page = send(&a, get(&format!("/project/{}", a.other), &treasury)).await;
    assert!(page.body.contains("treasury-form") && !page.body.contains("week-form"));
    let (admin, acsrf) = login(&a, "admin").await;
    let r = send(
        &a,
        post(
            "/admin/account",
            &admin,
            &[
                ("csrf", &acsrf),
                ("name", "cdt03"),
                ("role", "investor"),
                ("investor", &a.own_investor),
                ("password", "another long one"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<td>cdt03</td>"));
    let r = send(
        &a,
        post(
            "/admin/account",
            &admin,
            &[
                ("csrf", &acsrf),
                ("name", "x"),
                ("role", "investor"),
                ("investor", "CDT-99"),
                ("password", "another long one"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("CDT-99"));
}

#[tokio::test]
async fn a_treasury_payment_moves_the_ranking() {
    let a = app();
    let (treasury, csrf) = login(&a, "kbnn").await;
    let rank_of = |body: &str, inv: &str| -> usize {
        let row = body.find(&format!("data-investor=\"{inv}\"")).unwrap();
        let cell = body[row..].find("class=\"n rank\">").unwrap() + row + 15;
        body[cell..body[cell..].find('<').unwrap() + cell]
            .parse()
            .unwrap()
    };
    let before = rank_of(&send(&a, get("/", &treasury)).await.body, &a.other_investor);
    assert!(before > 1);
    let r = payment(
        &a,
        "/treasury/payment",
        &treasury,
        &csrf,
        &a.other,
        "2025-08-29",
        "900000",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        rank_of(&send(&a, get("/", &treasury)).await.body, &a.other_investor),
        1
    );
}

#[tokio::test]
async fn log_ins_are_rate_limited_per_account() {
    let a = app();
    for _ in 0..LOGIN_FAILURES_ALLOWED {
        assert_eq!(
            try_login(&a, "cdt02", "guess guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Over the limit, even the right password is refused for a while ...
    assert_eq!(
        try_login(&a, "cdt02", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ... and only for that account.
    assert_eq!(
        try_login(&a, "cdt01", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[test]
fn the_web_store_is_a_migrated_tracker_store() {
    // The accounts live in the tracker's own store (migration step 3, after monitoring's 2).
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    assert!(t.store().schema_version().unwrap() >= 3);
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    assert!(t
        .status("2025-06-30".parse().unwrap(), Level::Province)
        .is_ok());
}

fn upload(cookie: &str, csrf: &str, name: &str, csv: &str) -> Request<Body> {
    upload_bytes(cookie, csrf, name, csv.as_bytes())
}

#[tokio::test]
async fn uploads_are_limited_to_what_the_role_writes_and_all_or_nothing() {
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    // One row of another investor's project: the whole file is refused, that row named.
    let csv = format!(
        "project,week_ending,source,amount\n{},2025-09-05,investor,11\n{},2025-09-05,investor,12\n",
        a.own, a.other
    );
    let r = send(&a, upload(&s, &csrf, "week.csv", &csv)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("<td class=\"n\">3</td><td>project</td>"),
        "{}",
        r.body
    );
    // The Treasury's figures are not the investor's to enter.
    let csv = format!(
        "project,week_ending,source,amount\n{},2025-09-05,treasury,11\n",
        a.own
    );
    assert_eq!(
        send(&a, upload(&s, &csrf, "week.csv", &csv)).await.status,
        StatusCode::FORBIDDEN
    );
    // A bad row of its own: rejected by the import's own rules, row and column named.
    let csv = format!(
        "project,week_ending,source,amount\n{},2025-13-05,investor,11\n",
        a.own
    );
    let r = send(&a, upload(&s, &csrf, "week.csv", &csv)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("<td>week_ending</td><td>2025-13-05</td>"),
        "{}",
        r.body
    );
    assert!(!week_shown(&a, &s, &a.own, "2025-09-05").await);
    // Without the CSRF token: refused.
    let csv = format!(
        "project,week_ending,source,amount\n{},2025-09-05,investor,11\n",
        a.own
    );
    assert_eq!(
        send(&a, upload(&s, "", "week.csv", &csv)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = send(&a, upload(&s, &csrf, "week.csv", &csv)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(week_shown(&a, &s, &a.own, "2025-09-05").await);
    // A leader's account uploads nothing.
    let (v, vcsrf) = login(&a, "lanhdao").await;
    assert_eq!(
        send(&a, upload(&v, &vcsrf, "week.csv", &csv)).await.status,
        StatusCode::FORBIDDEN
    );
}

/// A new demonstration store (`write_demo_store`) in a temporary folder of its own: the folder,
/// the store's path and the store.
fn demo_store(name: &str) -> (std::path::PathBuf, std::path::PathBuf, Tracker) {
    let dir = std::env::temp_dir().join(format!("grdpsim-web-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("demo.sqlite");
    let _ = std::fs::remove_file(&path);
    grdpsim::web::write_demo_store(&path).unwrap();
    let t = Tracker::open(&path).unwrap();
    (dir, path, t)
}

/// The subjects of the demo month's findings `LIKE` a pattern.
fn subjects(t: &Tracker, like: &str) -> Vec<String> {
    rusqlite::Connection::open(t.store().path().unwrap())
        .unwrap()
        .prepare(
            "SELECT subject FROM findings WHERE month = ?1 AND subject LIKE ?2 ORDER BY subject",
        )
        .unwrap()
        .query_map([grdpsim::web::DEMO_DIGEST_MONTH, like], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The digest page reads the month's findings recorded in the store (here by
/// `write_demo_store`, with the Cao Bằng July 2025 example): the leaders see the headline and
/// every finding, the industry's in red; an investor sees only the findings about itself; and
/// reading the page writes nothing to the findings nor to the audit trail.
#[tokio::test]
async fn the_digest_page_shows_the_recorded_findings_to_each_role_and_writes_nothing() {
    let (dir, path, mut t) = demo_store("digest");
    let investors = subjects(&t, "investor:%");
    assert!(!investors.is_empty());
    let own = investors[0].trim_start_matches("investor:").to_owned();
    let other: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT code FROM investors WHERE code <> ?1 ORDER BY code LIMIT 1",
            [&own],
            |r| r.get(0),
        )
        .unwrap();
    add_accounts(
        &mut t,
        &[
            ("lanhdao", Role::Viewer, None),
            ("cdt01", Role::Investor, Some(&own)),
            ("cdt02", Role::Investor, Some(&other)),
        ],
    );
    let snapshot = |t: &Tracker| -> (Vec<String>, i64) {
        let audit = t.store().audit_trail().unwrap().len() as i64;
        (subjects(t, "%"), audit)
    };
    let a = App {
        router: router(t, ServerOptions::default().with_cao_bang_example().unwrap()),
        own: String::new(),
        other: String::new(),
        own_investor: own.clone(),
        other_investor: String::new(),
    };
    // Log-ins write (sessions, the audit trail); the digest's GETs must not.
    let (viewer, _) = login(&a, "lanhdao").await;
    let (investor, _) = login(&a, "cdt01").await;
    let (second, _) = login(&a, "cdt02").await;
    let before = snapshot(&Tracker::open(&path).unwrap());
    let page = send(&a, get("/digest", &viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("tháng 2025-07"), "{}", page.body);
    assert!(
        page.body
            .contains("<tr class=\"red\" data-subject=\"indicator:CN_IIP\">"),
        "{}",
        page.body
    );
    // The headline: the official gap of H1 from the example's scenario, and disbursement.
    assert!(page.body.contains("id=\"headline\""));
    assert!(
        page.body.contains("Tăng trưởng GRDP") && page.body.contains("Giải ngân vốn đầu tư công")
    );
    for s in &investors {
        assert!(page.body.contains(&format!("data-subject=\"{s}\"")), "{s}");
    }
    let page = send(&a, get("/digest", &investor)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains(&format!("data-subject=\"investor:{own}\"")));
    assert!(!page.body.contains("indicator:CN_IIP") && !page.body.contains("id=\"headline\""));
    assert_eq!(
        page.body.matches("data-subject=").count(),
        1,
        "{}",
        page.body
    );
    // Another investor does not see it.
    let page = send(&a, get("/digest", &second)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"findings\"") && !page.body.contains("data-subject="));
    drop(a);
    let after = snapshot(&Tracker::open(&path).unwrap());
    assert_eq!(before, after);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every page a leader reads, in Vietnamese (the default) and in English (the `lang` cookie):
/// the Vietnamese pages write numbers with a decimal comma and a dot between thousands
/// (`6,56%`, `1.234,5 triệu đồng`), the English ones with a point (`6.56%`, `1,234.5`).
#[tokio::test]
async fn pages_write_numbers_the_way_their_language_does() {
    let (dir, _, mut t) = demo_store("numbers");
    add_accounts(&mut t, &[("lanhdao", Role::Viewer, None)]);
    let investor = subjects(&t, "investor:%")[0]
        .trim_start_matches("investor:")
        .to_owned();
    let project = project_of(&t, &investor);
    let a = App {
        router: router(t, ServerOptions::default().with_cao_bang_example().unwrap()),
        own: project.clone(),
        other: String::new(),
        own_investor: investor.clone(),
        other_investor: String::new(),
    };
    let (viewer, _) = login(&a, "lanhdao").await;
    let english = format!("{viewer}; lang=en");
    let paths = [
        "/".to_owned(),
        format!("/investor/{investor}"),
        format!("/project/{project}"),
        "/treasury".to_owned(),
        "/digest".to_owned(),
    ];
    for path in &paths {
        let vi = send(&a, get(path, &viewer)).await;
        assert_eq!(vi.status, StatusCode::OK, "{path}");
        assert!(vi.body.contains("<html lang=\"vi\""), "{path}");
        let text = common::notation::visible_text(&vi.body);
        let found = common::notation::english_decimals(&text);
        assert!(found.is_empty(), "{path}: {found:?} in\n{text}");
        let en = send(&a, get(path, &english)).await;
        assert!(en.body.contains("<html lang=\"en\""), "{path}");
        let text = common::notation::visible_text(&en.body);
        assert!(
            !common::notation::english_decimals(&text).is_empty(),
            "{path}: {text}"
        );
    }
    // The digest's headline: H1 GRDP growth and its official gap (GSO, Cao Bằng 6 months 2025).
    let vi = send(&a, get("/digest", &viewer)).await.body;
    assert!(vi.contains("6,56%") && vi.contains("-1,04"), "{vi}");
    let en = send(&a, get("/digest", &english)).await.body;
    assert!(en.contains("6.56%") && en.contains("-1.04"), "{en}");
    drop(a);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 21, observed 3: served with another scenario (`grdpsim serve --scenario FILE`), the
/// digest page's headline said 50% probability of the annual target and the stored finding on
/// the same page 4%. The headline is the one recorded with the findings, one figure with its
/// model named, and the page says that the scenario given differs.
#[tokio::test]
async fn the_digest_page_shows_one_probability_whatever_scenario_it_is_served_with() {
    let (dir, _, mut t) = demo_store("one-figure");
    add_accounts(&mut t, &[("lanhdao", Role::Viewer, None)]);
    let other = grdpsim::datasets::cao_bang_2025()
        .unwrap()
        .with_targets(&[grdpsim::scenario::Target::new("Y", "GRDP", 7.0)])
        .unwrap();
    let options = ServerOptions {
        scenario: Some(other),
        ..ServerOptions::default().with_cao_bang_example().unwrap()
    };
    let a = App {
        router: router(t, options),
        own: String::new(),
        other: String::new(),
        own_investor: String::new(),
        other_investor: String::new(),
    };
    let (viewer, _) = login(&a, "lanhdao").await;
    let page = send(&a, get("/digest", &format!("{viewer}; lang=en"))).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = common::notation::visible_text(&page.body);
    assert!(
        text.contains("Probability of the annual target: 4% (normal"),
        "{text}"
    );
    assert!(
        text.contains("The probability of reaching the GRDP target of 8.0% is 4% (normal"),
        "{text}"
    );
    assert!(
        text.contains("The scenario given gives other figures"),
        "{text}"
    );
    drop(a);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 21: one investor's row for 26 December moved the home page, every count-down and the
/// projection to that week; an investor could not take it back.
#[tokio::test]
async fn a_stray_week_moves_no_page_and_the_investor_withdraws_it_from_its_page() {
    let a = app_with(|t| {
        t.set_clock(grdpsim::disbursement::Clock::Fixed(
            "2026-01-05".parse().unwrap(),
        ));
    });
    let (s, csrf) = login(&a, "cdt01").await;
    let home = send(&a, get("/", &s)).await.body;
    assert!(home.contains("id=\"as-of\">2025-08-29<"), "{home}");
    let reported = |body: &str| {
        let at = body.find("id=\"coverage\">").unwrap() + 14;
        body[at..at + body[at..].find('<').unwrap()].to_owned()
    };
    let coverage = reported(&home);
    // Pages are in Vietnamese by default: "193/300 dự án có số liệu".
    assert!(coverage.ends_with("/300 dự án có số liệu"), "{coverage}");
    let r = payment(&a, "/week", &s, &csrf, &a.own, "2025-12-26", "0").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for page in ["/".to_owned(), format!("/investor/{}", a.own_investor)] {
        let body = send(&a, get(&page, &s)).await.body;
        assert!(body.contains("id=\"as-of\">2025-08-29<"), "{page}");
        assert_eq!(reported(&body), coverage, "{page}");
    }
    // A Wednesday is not a week's end here (said in the page's language, issue 25).
    let r = payment(&a, "/week", &s, &csrf, &a.own, "2025-09-03", "1").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("thứ Tư") && r.body.contains("thứ Sáu"));
    // The investor's page offers its own projects only, in forms with the session's token.
    let page = send(&a, get(&format!("/investor/{}", a.own_investor), &s))
        .await
        .body;
    let form = &page[page.find("id=\"withdraw-form\"").unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    assert!(form.contains(&format!("value=\"{}\"", a.own)) && form.contains(&csrf));
    assert!(!form.contains(&format!("value=\"{}\"", a.other)));
    assert!(page.contains("id=\"correct-form\""));
    let withdraw = |project: &str, token: &str| {
        post(
            "/week/withdraw",
            &s,
            &[
                ("csrf", token),
                ("project", project),
                ("week_ending", "2025-12-26"),
            ],
        )
    };
    // Without the token, or another investor's project: refused.
    assert_eq!(
        send(&a, withdraw(&a.own, "forged")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&a, withdraw(&a.other, &csrf)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = send(&a, withdraw(&a.own, &csrf)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"done\"") && r.body.contains("2025-12-26"));
    // Nothing left to withdraw: said next to the field.
    let r = send(&a, withdraw(&a.own, &csrf)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"withdraw-week_ending-error\""));
    assert!(r
        .body
        .contains("không có số liệu của chủ đầu tư cho tuần kết thúc ngày 2025-12-26"));
    // The audit trail has it under the investor's account.
    let (admin, _) = login(&a, "admin").await;
    let audit = send(&a, get("/admin", &admin)).await.body;
    assert!(
        audit.contains(&format!("investor|{}|2025-12-26", a.own)),
        "{audit}"
    );
}

#[tokio::test]
async fn hostile_workbooks_are_refused_by_name_without_a_server_path_nor_a_leftover() {
    use common::xlsx::{self, Cell};
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    let before = upload_leftovers();
    let mut far = xlsx::PAYMENTS_HEADER.to_vec();
    far.push(Cell::Number("XFD1048576", 1.0));
    let corners = xlsx::workbook(&[("payments", &far)]);
    let shared = [Cell::Shared("A1", 0)];
    let no_sst = xlsx::zip(&xlsx::parts(
        &[(
            "payments",
            xlsx::worksheet(None, &xlsx::sheet_data(&shared)),
        )],
        None,
    ));
    for (bytes, says) in [(corners, "XFD1048576"), (no_sst, "xl/sharedStrings.xml")] {
        let r = send(&a, upload_bytes(&s, &csrf, "week.xlsx", &bytes)).await;
        // Before: the process aborted (the corners) or a panic gave a 500 (no shared strings).
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains(says), "{}", r.body);
        assert!(r.body.contains("week.xlsx"), "{}", r.body);
        let tmp = std::env::temp_dir().display().to_string();
        assert!(!r.body.contains(&tmp), "a server path in {}", r.body);
    }
    let after = upload_leftovers();
    assert!(
        after.iter().all(|n| before.contains(n)),
        "left behind: {after:?}"
    );
}

/// A page whose read fails in the store says what to do, never the store's path or the
/// database's message (issue 24): the cause goes to the server's log.
#[tokio::test]
async fn a_store_error_shows_neither_the_path_nor_the_database_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("provincial-store-name.sqlite");
    let mut t = grdpsim::datasets::cao_bang_disbursement_2025_at(&path).unwrap();
    add_accounts(&mut t, &[("admin", Role::Admin, None)]);
    let router = router(t, ServerOptions::default());
    let s = session(&router, "admin").await;
    assert_eq!(
        send_to(&router, get("/treasury", &s)).await.status,
        StatusCode::OK
    );
    // Another connection breaks the store under the page.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TABLE payments")
        .unwrap();
    let page = send_to(&router, get("/treasury", &s)).await;
    assert_eq!(
        page.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        page.body
    );
    let dir_text = dir.path().to_str().unwrap();
    for leak in [
        "provincial-store-name",
        dir_text,
        "payments",
        "no such table",
        "SQLite",
        "sqlite",
    ] {
        assert!(!page.body.contains(leak), "{leak:?} in {}", page.body);
    }
    assert!(page.body.contains("nhật ký máy chủ"), "{}", page.body);
}

/// The history row of `week` on a project's page: the cells after the week.
fn history_row<'a>(page: &'a str, week: &str) -> &'a str {
    let history = &page[page.find("id=\"history\"").unwrap()..];
    let at = history
        .find(&format!("<tr><td>{week}</td>"))
        .unwrap_or_else(|| panic!("no {week} in {history}"));
    let row = &history[at..];
    &row[..row.find("</tr>").unwrap()]
}

/// Issue 25: the forms read numbers as the pages display them, and say in the page's language
/// what they could not read.
#[tokio::test]
async fn a_vietnamese_form_reads_numbers_as_vietnamese_write_them() {
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    let page = format!("/project/{}", a.own);
    for (week, typed, shown) in [
        ("2025-09-05", "1.250,5", "1.250,5"),
        ("2025-09-12", "1250.5", "1.250,5"),
        ("2025-09-19", "1.705.027", "1.705.027,0"),
    ] {
        let r = payment(&a, "/week", &s, &csrf, &a.own, week, typed).await;
        assert_eq!(r.status, StatusCode::OK, "{typed}: {}", r.body);
        let body = send(&a, get(&page, &s)).await.body;
        assert!(
            history_row(&body, week)
                .starts_with(&format!("<tr><td>{week}</td><td class=\"n\">{shown}</td>")),
            "{typed}: {}",
            history_row(&body, week)
        );
    }
    // In English the same figure is 1,250.5.
    let en = format!("{s}; lang=en");
    let body = send(&a, get(&page, &en)).await.body;
    assert!(history_row(&body, "2025-09-05").contains(">1,250.5<"));
    // Two readings: refused, both said, in Vietnamese; nothing written.
    let r = payment(&a, "/week", &s, &csrf, &a.own, "2025-09-26", "1.250").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &r.body[r.body.find("id=\"week-amount-error\"").unwrap()..];
    assert!(error.contains("1250 hoặc 1,25"), "{error}");
    assert!(!week_shown(&a, &s, &a.own, "2025-09-26").await);
    let r = payment(&a, "/week", &s, &csrf, &a.own, "2025-09-26", "mười").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("không phải là số"), "{}", r.body);
    // The same refusal on an English page is in English.
    let r = payment(&a, "/week", &en, &csrf, &a.own, "2025-09-26", "12,5").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("do not separate thousands"), "{}", r.body);
    // The Treasury's form reads them the same way.
    let (k, kcsrf) = login(&a, "kbnn").await;
    let r = payment(
        &a,
        "/treasury/payment",
        &k,
        &kcsrf,
        &a.own,
        "2025-09-05",
        "2.000,5",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = send(&a, get(&page, &k)).await.body;
    assert!(history_row(&body, "2025-09-05").ends_with("<td class=\"n\">2.000,5</td>"));
}

/// Issue 25: an obstacle's status is chosen from a list labelled in the page's language, and
/// the program's value is stored.
#[tokio::test]
async fn an_obstacle_status_is_chosen_in_the_pages_language() {
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    let page = format!("/project/{}", a.own);
    let body = send(&a, get(&page, &s)).await.body;
    let form = &body[body.find("id=\"obstacle-form\"").unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    assert!(
        form.contains("<select name=\"status\" id=\"obstacle-status\">"),
        "{form}"
    );
    assert!(
        form.contains("<option value=\"resolved\">đã giải quyết</option>"),
        "{form}"
    );
    let obstacle = |status: &'static str, description: &'static str| {
        post(
            "/obstacle",
            &s,
            &[
                ("csrf", &csrf),
                ("project", &a.own),
                ("description", description),
                ("reported", "2025-08-01"),
                ("agency", "Sở Tài nguyên"),
                ("person", "Nguyễn Văn A"),
                ("deadline", ""),
                ("status", status),
                ("resolution", "Đã bàn giao mặt bằng"),
            ],
        )
    };
    let r = send(&a, obstacle("resolved", "Giải phóng mặt bằng")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The label typed as the list shows it is the same choice.
    let r = send(&a, obstacle("đã giải quyết", "Điều chỉnh thiết kế")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = send(&a, obstacle("xong rồi", "Thiếu vật liệu")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"obstacle-status-error\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("hãy chọn trong danh sách"), "{}", r.body);
    // Stored as the program's value: the English page shows "resolved".
    let en = send(&a, get(&page, &format!("{s}; lang=en"))).await.body;
    for d in ["Giải phóng mặt bằng", "Điều chỉnh thiết kế"] {
        let row = &en[en.find(d).unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains("<td>resolved</td>"), "{row}");
    }
    assert!(!en.contains("Thiếu vật liệu"));
}

/// The row of a differing week on the reconciliation page.
fn week_row<'a>(page: &'a str, project: &str, week: &str) -> Option<&'a str> {
    let start = page.find(&format!("id=\"week-{project}-{week}\""))?;
    let end = page[start..].find("</tr>")? + start;
    Some(&page[start..end])
}

/// On the first investor's first project (the app's `own`), 130 reported against 100 paid in
/// the week ending 4 July; the project's code.
fn with_a_difference(t: &mut Tracker) -> String {
    let first = t.investors().unwrap().swap_remove(0).0;
    let p = project_of(t, &first);
    let csv = format!(
        "project,week_ending,source,amount\n{p},2025-07-04,investor,130\n\
         {p},2025-07-04,treasury,100\n"
    );
    t.import_csv_str("diff.csv", &csv, "test").unwrap();
    p
}

#[tokio::test]
async fn the_treasury_decides_a_week_as_of_a_chosen_date_and_an_investor_cannot() {
    // 130 reported against 100 paid on 4 July: +30.
    let a = app_with(|t| {
        with_a_difference(t);
    });
    let (kbnn, csrf) = login(&a, "kbnn").await;
    let page = send(&a, get("/treasury?as_of=2025-07-11", &kbnn)).await;
    assert_eq!(page.status, StatusCode::OK);
    let row = week_row(&page.body, &a.own, "2025-07-04").expect("the week is listed");
    assert!(
        row.contains("data-state=\"open\"") && row.contains(">30,0<"),
        "{row}"
    );
    assert!(page.body.contains("value=\"2025-07-11\""));
    // As of 30 June the week has not come yet.
    let june = send(&a, get("/treasury?as_of=2025-06-30", &kbnn)).await;
    assert!(week_row(&june.body, &a.own, "2025-07-04").is_none());
    let bad = send(&a, get("/treasury?as_of=31/07/2025", &kbnn)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("31/07/2025"));

    let decide = |cookie: &str, csrf: &str, decision: &str, note: &str| {
        post(
            "/treasury/decision",
            cookie,
            &[
                ("csrf", csrf),
                ("project", a.own.as_str()),
                ("week_ending", "2025-07-04"),
                ("as_of", "2025-07-11"),
                ("decision", decision),
                ("note", note),
            ],
        )
    };
    let state_now = |body: &str| {
        let row = week_row(body, &a.own, "2025-07-04").unwrap();
        row["id=\"week-".len()..].contains("data-state=\"open\"")
    };
    // An investor (even the project's own), a leader, and a form without the token: refused.
    let (own, own_csrf) = login(&a, "cdt01").await;
    let r = send(&a, decide(&own, &own_csrf, "accepted", "mine")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (viewer, vcsrf) = login(&a, "lanhdao").await;
    let r = send(&a, decide(&viewer, &vcsrf, "accepted", "ok")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(&a, decide(&kbnn, "0", "accepted", "ok")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A blank note is refused by name; nothing changed.
    let r = send(&a, decide(&kbnn, &csrf, "accepted", "  ")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"problem\""));
    let page = send(&a, get("/treasury?as_of=2025-07-11", &kbnn)).await;
    assert!(state_now(&page.body));
    // The Treasury accepts it with a note.
    let r = send(
        &a,
        decide(&kbnn, &csrf, "accepted", "Chứng từ 30 chuyển tuần sau"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"done\""));
    let row = week_row(&r.body, &a.own, "2025-07-04").unwrap();
    assert!(row.contains("data-state=\"accepted\"") && row.contains("Chứng từ 30 chuyển tuần sau"));
    assert!(row.contains(">kbnn<"));
    // A week without a difference cannot be decided.
    let r = send(
        &a,
        post(
            "/treasury/decision",
            &kbnn,
            &[
                ("csrf", csrf.as_str()),
                ("project", a.own.as_str()),
                ("week_ending", "2025-01-03"),
                ("decision", "sent_back"),
                ("note", "?"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The administrator sends it back: the investor sees it on its project page, the other
    // investor cannot read that page.
    let (admin, acsrf) = login(&a, "admin").await;
    let r = send(
        &a,
        decide(&admin, &acsrf, "sent_back", "Báo cáo lại: KBNN trả 100"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mine = send(&a, get(&format!("/project/{}", a.own), &own)).await;
    assert!(
        mine.body.contains("id=\"sent-back\"") && mine.body.contains("Báo cáo lại: KBNN trả 100")
    );
    let (other, _) = login(&a, "cdt02").await;
    let r = send(&a, get(&format!("/project/{}", a.own), &other)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The investor corrects its figure to 100: no difference left, nothing sent back.
    let r = payment(&a, "/week", &own, &own_csrf, &a.own, "2025-07-04", "100").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("id=\"sent-back\""));
    let page = send(&a, get("/treasury?as_of=2025-07-11", &kbnn)).await;
    assert!(week_row(&page.body, &a.own, "2025-07-04").is_none());
}

#[tokio::test]
async fn the_treasury_page_shows_the_weeks_in_one_state() {
    // 130 against 100 on 4 July, accepted.
    let a = app_with(|t| {
        let p = with_a_difference(t);
        let week = "2025-07-04".parse().unwrap();
        t.decide_difference(&p, week, Decision::Accepted, "voucher", "kbnn")
            .unwrap();
    });
    let (kbnn, _) = login(&a, "kbnn").await;
    let only = |state: &str| format!("/treasury?as_of=2025-07-11&state={state}");
    let accepted = send(&a, get(&only("accepted"), &kbnn)).await;
    assert!(week_row(&accepted.body, &a.own, "2025-07-04").is_some());
    assert!(!accepted.body.contains("data-state=\"open\""));
    assert!(accepted
        .body
        .contains("<option value=\"accepted\" selected>"));
    let open = send(&a, get(&only("open"), &kbnn)).await;
    assert!(week_row(&open.body, &a.own, "2025-07-04").is_none());
    assert!(open.body.contains("data-state=\"open\""));
    let all = send(&a, get("/treasury?as_of=2025-07-11", &kbnn)).await;
    assert!(week_row(&all.body, &a.own, "2025-07-04").is_some());
    assert!(all.body.contains("data-state=\"open\""));
    let bad = send(&a, get(&only("closed"), &kbnn)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // Named in the page's language (Vietnamese by default): the word, not the query's key.
    assert!(
        bad.body.contains("tình trạng &#34;closed&#34;"),
        "{}",
        bad.body
    );
}

/// Issue 26 §2.2c: an investor uploads its own weekly plan (a row of another investor's
/// project refuses the file, that row named) and enters a week of it in its project's form;
/// the count-down says it now measures against the weekly plan.
#[tokio::test]
async fn an_investor_plans_its_own_projects_week_by_week() {
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    let page = format!("/project/{}", a.own);
    let before = send(&a, get(&page, &s)).await.body;
    assert!(!before.contains("id=\"weekly-plan\""));
    assert!(before.contains("id=\"plan-form\""), "{before}");
    let csv = format!(
        "Mã dự án,Tuần kết thúc ngày,Kế hoạch tuần\n{},2025-08-22,40\n{},2025-08-22,50\n",
        a.own, a.other
    );
    let r = send(&a, upload(&s, &csrf, "ke-hoach-tuan.csv", &csv)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("<td class=\"n\">3</td><td>project</td>"),
        "{}",
        r.body
    );
    assert!(!send(&a, get(&page, &s))
        .await
        .body
        .contains("id=\"weekly-plan\""));
    // Its own row alone: imported.
    let csv = format!(
        "Mã dự án,Tuần kết thúc ngày,Kế hoạch tuần\n{},2025-08-22,40\n",
        a.own
    );
    let r = send(&a, upload(&s, &csrf, "ke-hoach-tuan.csv", &csv)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The form: a Thursday is refused next to its field, a Friday saved (1.250,5 read the
    // Vietnamese way).
    let plan = |week: &'static str| {
        post(
            "/weekly-plan",
            &s,
            &[
                ("csrf", &csrf),
                ("project", &a.own),
                ("week_ending", week),
                ("planned", "1.250,5"),
            ],
        )
    };
    let r = send(&a, plan("2025-08-28")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"plan-week_ending-error\""),
        "{}",
        r.body
    );
    let r = send(&a, plan("2025-08-29")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = send(&a, get(&page, &s)).await.body;
    let table = &body[body.find("id=\"weekly-plan\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        table.contains("<td>2025-08-22</td><td class=\"n\">40,0</td>"),
        "{table}"
    );
    assert!(
        table.contains("<td>2025-08-29</td><td class=\"n\">1.250,5</td>"),
        "{table}"
    );
    assert!(
        body.contains("<span id=\"plan-basis\">theo kế hoạch tuần của chủ đầu tư</span>"),
        "{body}"
    );
    // Another investor's project keeps its monthly basis.
    let (s2, _) = login(&a, "cdt02").await;
    let other = send(&a, get(&format!("/project/{}", a.other), &s2))
        .await
        .body;
    assert!(
        other.contains("<span id=\"plan-basis\">theo kế hoạch tháng</span>"),
        "{other}"
    );
}

/// Issue 26 §2.2a: an obstacle escalated to the province, then resolved with its result and
/// date; a resolved one without a result is refused next to the result's field, nothing
/// written; the four statuses are offered in the page's language.
#[tokio::test]
async fn an_obstacle_is_escalated_then_resolved_with_its_result() {
    let a = app();
    let (s, csrf) = login(&a, "cdt01").await;
    let page = format!("/project/{}", a.own);
    let body = send(&a, get(&page, &s)).await.body;
    let form = &body[body.find("id=\"obstacle-form\"").unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    for option in [
        "<option value=\"in_progress\">đang xử lý</option>",
        "<option value=\"escalated\">đã báo cáo UBND tỉnh</option>",
    ] {
        assert!(form.contains(option), "{form}");
    }
    assert!(
        form.contains("id=\"obstacle-resolution\"") && form.contains("id=\"obstacle-resolved_on\"")
    );
    let obstacle = |status: &'static str, result: &'static str, on: &'static str| {
        post(
            "/obstacle",
            &s,
            &[
                ("csrf", &csrf),
                ("project", &a.own),
                ("description", "Điều chỉnh quy hoạch"),
                ("reported", "2025-07-04"),
                ("agency", "Sở Xây dựng"),
                ("person", "Trần Thị B"),
                ("deadline", "2025-08-15"),
                ("status", status),
                ("resolution", result),
                ("resolved_on", on),
            ],
        )
    };
    let row = |body: &str| {
        let row = &body[body.find("<td>Điều chỉnh quy hoạch</td>").unwrap()..];
        row[..row.find("</tr>").unwrap()].to_owned()
    };
    let r = send(&a, obstacle("escalated", "", "")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        row(&r.body).contains("<td>đã báo cáo UBND tỉnh</td>"),
        "{}",
        row(&r.body)
    );
    let r = send(&a, obstacle("resolved", "", "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"obstacle-resolution-error\""),
        "{}",
        r.body
    );
    assert!(row(&r.body).contains("<td>đã báo cáo UBND tỉnh</td>"));
    let r = send(
        &a,
        obstacle("resolved", "Tỉnh đã phê duyệt điều chỉnh", "2025-08-12"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let en = send(&a, get(&page, &format!("{s}; lang=en"))).await.body;
    let done = row(&en);
    assert!(
        done.contains("<td>resolved</td><td>Tỉnh đã phê duyệt điều chỉnh</td>"),
        "{done}"
    );
    let (admin, _) = login(&a, "admin").await;
    let audit = send(&a, get("/admin", &admin)).await.body;
    assert!(audit.contains("escalated") && audit.contains("Tỉnh đã phê duyệt điều chỉnh"));
}

/// The admin sets the year's national target from the administration page (issue 26): read in
/// the page's notation (1.600.000 in Vietnamese), shown back, audited under the admin's name
/// (`national_targets`, key 2025); an amount that is not a number or not positive, a bad date and
/// a blank decision are refused naming the field, the target unchanged; a leader may not post.
#[tokio::test]
async fn the_admin_sets_the_national_target() {
    let a = app();
    let (admin, csrf) = login(&a, "admin").await;
    let page = send(&a, get("/admin", &admin)).await;
    assert!(page
        .body
        .contains("<p id=\"national-target\">Chưa có mục tiêu quốc gia của năm.</p>"));
    let set = |amount: &'static str, day: &'static str, source: &'static str| {
        post(
            "/admin/national-target",
            &admin,
            &[
                ("csrf", &csrf),
                ("amount", amount),
                ("decided_on", day),
                ("source", source),
            ],
        )
    };
    let r = send(&a, set("1.600.000", "2024-12-05", "QĐ 1508/QĐ-TTg")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r
        .body
        .contains("Đã lưu mục tiêu quốc gia: 1.600.000,0 2024-12-05"));
    let shown = "<p id=\"national-target\">1.600.000,0 · 2024-12-05 · QĐ 1508/QĐ-TTg</p>";
    assert!(r.body.contains(shown), "{}", r.body);
    assert!(
        r.body.contains(
            "<td>admin</td><td>national target</td><td>national_targets</td><td>2025</td>"
        ),
        "{}",
        r.body
    );
    for (amount, day, source, named) in [
        ("nhiều", "2024-12-05", "QĐ 1", "amount"),
        ("0", "2024-12-05", "QĐ 1", "amount"),
        ("2.000.000", "05/12/2024", "QĐ 1", "decided_on"),
        ("2.000.000", "2024-12-05", "  ", "source"),
    ] {
        let r = send(&a, set(amount, day, source)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{amount} {day}");
        assert!(
            r.body.contains("Không lưu mục tiêu quốc gia:"),
            "{}",
            r.body
        );
        assert!(r.body.contains(named), "{named}: {}", r.body);
        assert!(r.body.contains(shown), "the target changed: {}", r.body);
    }
    let (leader, lcsrf) = login(&a, "lanhdao").await;
    let r = send(
        &a,
        post(
            "/admin/national-target",
            &leader,
            &[
                ("csrf", &lcsrf),
                ("amount", "1"),
                ("decided_on", "2024-12-05"),
                ("source", "x"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = send(&a, get("/admin", &admin)).await;
    assert!(page.body.contains(shown));
}

/// The Treasury's and the admin's accounts go between the reconciliation and the leaders' pack
/// of the same date; the leader's pages have neither link (issue 26).
#[tokio::test]
async fn the_treasury_page_and_the_pack_link_to_each_other() {
    let a = app();
    for name in ["kbnn", "admin", "lanhdao"] {
        let (cookie, _) = login(&a, name).await;
        let treasury = send(&a, get("/treasury?as_of=2025-07-31", &cookie)).await;
        let pack = send(&a, get("/pack?as_of=2025-07-31", &cookie)).await;
        assert_eq!(
            (treasury.status, pack.status),
            (StatusCode::OK, StatusCode::OK)
        );
        let links = name != "lanhdao";
        assert_eq!(
            treasury.body.contains(
                "<a id=\"pack-link\" href=\"/pack?as_of=2025-07-31\">Báo cáo tuần cho lãnh đạo</a>"
            ),
            links,
            "{name}"
        );
        assert_eq!(
            pack.body.contains(
                "<a id=\"treasury-link\" href=\"/treasury?as_of=2025-07-31\">Kho bạc</a>"
            ),
            links,
            "{name}"
        );
    }
}
