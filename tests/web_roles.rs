//! The roles of everyone in the province's loop (issue 25): department accounts bound to one
//! department, the Office of the People's Committee and leaders; their accounts as stored (a
//! version-5 store migrates), their pages and what each may post, driven through the router
//! without a socket. (`cargo test --features web`; the browser tests are in tests/python.)
#![cfg(feature = "web")]

use axum::http::StatusCode;
use axum::Router;
use grdpsim::monitoring::Monitor;
use grdpsim::web::{
    accounts, demo_account_name, departments, router, set_account, write_demo_store, Role,
    ServerOptions,
};
use grdpsim::GrdpsimError;

mod common;
mod disbursement_support;
mod web_support;
use disbursement_support::TempDir;
use web_support::{
    add_accounts, get, login_at as login, login_request, multipart, post, send_to, Reply, PASSWORD,
};

const DIT: &str = "Sở Công Thương / Department of Industry and Trade";
const FINANCE: &str = "Sở Tài chính / Department of Finance";
/// The accounts of two departments: `sct` of Industry and Trade, `stc` of Finance.
const DEPARTMENTS: [web_support::Account; 2] = [
    ("sct", Role::Department, Some(DIT)),
    ("stc", Role::Department, Some(FINANCE)),
];

/// The Cao Bằng example (disbursement and July 2025 monitoring) in memory, with an account
/// per role of the loop: `sct` (Industry and Trade), `stc` (Finance), `vp` (the Office),
/// `chutich` (a leader), `admin`.
fn app() -> Router {
    let m = recorded_example();
    let mut t = m.tracker();
    add_accounts(
        &mut t,
        &[
            ("admin", Role::Admin, None),
            ("sct", Role::Department, Some(DIT)),
            ("stc", Role::Department, Some(FINANCE)),
            ("vp", Role::Office, None),
            ("chutich", Role::Leader, None),
        ],
    );
    let options = ServerOptions::default().with_cao_bang_example().unwrap();
    router(t, options)
}

/// The Cao Bằng example with July 2025's findings recorded, as the demonstration store has
/// them.
fn recorded_example() -> Monitor {
    let mut m = grdpsim::datasets::cao_bang_monitoring_2025().unwrap();
    let sc = grdpsim::datasets::cao_bang_2025().unwrap();
    let policy = grdpsim::datasets::cao_bang_monitoring_policy().unwrap();
    let cx = grdpsim::monitoring::Context {
        scenario: Some(&sc),
        as_of: None,
    };
    m.record("2025-07".parse().unwrap(), &policy, &cx).unwrap();
    m
}

#[test]
fn a_department_account_names_a_department_of_the_store() {
    let mut t = grdpsim::datasets::cao_bang_monitoring_2025()
        .unwrap()
        .tracker();
    // One spelling per department, the fullest.
    let ds = departments(&t).unwrap();
    assert!(ds.contains(&DIT.to_owned()), "{ds:?}");
    assert!(ds.contains(&FINANCE.to_owned()), "{ds:?}");
    // Typed as people type it: the Vietnamese name alone, another case, double spaces.
    let a = set_account(
        &mut t,
        "sct",
        Role::Department,
        Some("sở công  thương"),
        PASSWORD,
        "test",
    )
    .unwrap();
    assert_eq!(a.department.as_deref(), Some(DIT));
    assert_eq!(a.investor, None);
    let stored = accounts(&t).unwrap();
    let sct = stored.iter().find(|a| a.name == "sct").unwrap();
    assert_eq!(
        (sct.role, sct.department.as_deref()),
        (Role::Department, Some(DIT))
    );
    // Refusals name the field, and write nothing.
    let refused = |r: Result<_, GrdpsimError>, field: &str, text: &str| match r {
        Err(GrdpsimError::InvalidArgument { name, message }) => {
            assert_eq!(name, field);
            assert!(message.contains(text), "{message}");
        }
        other => panic!("expected a refusal of {field}, got {other:?}"),
    };
    refused(
        set_account(&mut t, "x1", Role::Department, None, PASSWORD, "t"),
        "department",
        "names its department",
    );
    refused(
        set_account(
            &mut t,
            "x2",
            Role::Department,
            Some("Sở Tư pháp"),
            PASSWORD,
            "t",
        ),
        "department",
        "\"Sở Tư pháp\" is not a department",
    );
    refused(
        set_account(&mut t, "x3", Role::Office, Some(DIT), PASSWORD, "t"),
        "investor",
        "only an investor or a department account",
    );
    assert!(accounts(&t)
        .unwrap()
        .iter()
        .all(|a| !a.name.starts_with('x')));
    // The new roles read and write by their codes.
    for role in [Role::Department, Role::Office, Role::Leader] {
        assert_eq!(Role::parse(role.as_str()).unwrap(), role);
    }
    assert!(matches!(
        Role::parse("chief"),
        Err(GrdpsimError::UnknownOption { expected, .. })
            if expected.contains("department, office, leader")
    ));
}

#[test]
fn a_store_of_version_5_is_migrated_and_takes_the_new_roles() {
    let dir = TempDir::new("roles-v5");
    let path = dir.0.join("v5.sqlite");
    {
        let mut m =
            Monitor::from_tracker(grdpsim::datasets::cao_bang_disbursement_2025_at(&path).unwrap());
        grdpsim::datasets::load_cao_bang_monitoring_2025(&mut m).unwrap();
        let mut t = m.tracker();
        let investor = t.investors().unwrap().swap_remove(0).0;
        set_account(
            &mut t,
            "cdt",
            Role::Investor,
            Some(&investor),
            PASSWORD,
            "then",
        )
        .unwrap();
        set_account(&mut t, "kbnn", Role::Treasury, None, PASSWORD, "then").unwrap();
        drop(t);
        drop(m);
        let c = disbursement_support::downgrade(&path, 5);
        let v: i64 = c
            .query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 5);
        // A version-5 store refuses the new roles (its CHECK).
        assert!(c
            .execute(
                "INSERT INTO accounts (name, role, password_hash, created) \
                 VALUES ('vp', 'office', 'h', 'now')",
                [],
            )
            .is_err());
    }
    let mut t = grdpsim::disbursement::Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    // The accounts of version 5 kept, with their roles and investor.
    let before: Vec<(String, Role, bool)> = accounts(&t)
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.role, a.investor.is_some()))
        .collect();
    assert_eq!(
        before,
        [
            ("cdt".to_owned(), Role::Investor, true),
            ("kbnn".to_owned(), Role::Treasury, false)
        ]
    );
    set_account(&mut t, "sct", Role::Department, Some(DIT), PASSWORD, "now").unwrap();
    set_account(&mut t, "vp", Role::Office, None, PASSWORD, "now").unwrap();
    set_account(&mut t, "chutich", Role::Leader, None, PASSWORD, "now").unwrap();
    assert_eq!(accounts(&t).unwrap().len(), 5);
    // The audit trail has the department with the role.
    let trail = t.store().audit_trail().unwrap();
    let sct = trail.iter().rev().find(|r| r.key == "sct").unwrap();
    assert_eq!(
        sct.new.as_deref(),
        Some(format!("department||{DIT} (password set)").as_str())
    );
}

#[test]
fn the_demo_has_an_account_for_every_department_in_the_months_findings() {
    let dir = TempDir::new("roles-demo");
    let path = dir.0.join("demo.sqlite");
    let demo = write_demo_store(&path).unwrap();
    let t = grdpsim::disbursement::Tracker::open(&path).unwrap();
    let m = Monitor::from_tracker(t.clone());
    let month = grdpsim::web::DEMO_DIGEST_MONTH;
    let policy = grdpsim::datasets::cao_bang_monitoring_policy().unwrap();
    let found = m.recorded(month.parse().unwrap(), &policy).unwrap();
    let named: std::collections::BTreeSet<String> = departments(&t)
        .unwrap()
        .into_iter()
        .filter(|d| {
            let vi = d.split(" / ").next().unwrap();
            found.findings.iter().any(|f| f.responsible.starts_with(vi))
        })
        .collect();
    // July's findings name Industry and Trade (CN_IIP, CN_GTSX), at least.
    assert!(named.contains(DIT), "{named:?}");
    let bound: std::collections::BTreeSet<String> = demo
        .iter()
        .filter(|a| a.role == Role::Department)
        .map(|a| a.department.clone().unwrap())
        .collect();
    assert_eq!(bound, named);
    let sct = demo.iter().find(|a| a.name == "sct").unwrap();
    assert_eq!(sct.department.as_deref(), Some(DIT));
    assert_eq!(demo_account_name(FINANCE), "stc");
    for role in [Role::Office, Role::Leader] {
        assert_eq!(
            demo.iter().filter(|a| a.role == role).count(),
            1,
            "{role:?}"
        );
    }
    // The leaders' account is of the leader role; the old read-only viewer `lanhdao` is gone.
    let leader = demo.iter().find(|a| a.role == Role::Leader).unwrap();
    assert_eq!(leader.name, "chutich");
    assert!(demo
        .iter()
        .all(|a| a.role != Role::Viewer && a.name != "lanhdao"));
    // As stored, each with its role.
    let stored = accounts(&t).unwrap();
    for a in &demo {
        let s = stored.iter().find(|s| s.name == a.name).unwrap();
        assert_eq!((s.role, &s.department), (a.role, &a.department));
    }
}

#[tokio::test]
async fn the_admin_page_creates_a_department_account_from_the_list() {
    let app = app();
    let (s, csrf) = login(&app, "admin", "/admin").await;
    let page = send_to(&app, get("/admin", &s)).await;
    // The department is picked from the store's list, labelled in the page's language.
    assert!(page.body.contains("<select name=\"department\""));
    assert!(page.body.contains(&format!("<option value=\"{DIT}\">")));
    assert!(page.body.contains("Sở, ngành (tài khoản sở, ngành)"));
    let r = send_to(
        &app,
        post(
            "/admin/account",
            &s,
            &[
                ("csrf", &csrf),
                ("name", "sct2"),
                ("role", "department"),
                ("department", DIT),
                ("password", PASSWORD),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("sct2 (department)"), "{}", r.body);
    // The new account logs in.
    let r = send_to(&app, login_request(&app, "sct2", PASSWORD, None).await).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_leader_posts_nothing() {
    let app = app();
    let (s, csrf) = login(&app, "chutich", "/digest").await;
    // Every route that changes something refuses it, the token being right.
    for path in [
        "/week",
        "/week/withdraw",
        "/obstacle",
        "/responsible",
        "/treasury/payment",
        "/admin/account",
        "/department/so-cong-thuong/report",
        "/department/so-cong-thuong/task",
        "/office/task",
        "/office/assign",
    ] {
        let r: Reply = send_to(&app, post(path, &s, &[("csrf", &csrf)])).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            r.body
                .contains("Tài khoản lãnh đạo chỉ được xem, không gửi biểu mẫu nào."),
            "{path}: {}",
            r.body
        );
    }
    for path in ["/upload", "/department/so-cong-thuong/upload"] {
        let csv = "indicator,month,value\nCN_GTSX,2025-07,1\n";
        let r = send_to(&app, multipart(path, &s, &csrf, "v.csv", csv.as_bytes())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Its home is the digest; it reads a department's page, without its forms.
    let r = send_to(&app, get("/", &s)).await;
    assert_eq!(r.location.as_deref(), Some("/digest"));
    let r = send_to(&app, get("/department/so-cong-thuong", &s)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("data-indicator=\"CN_GTSX\""));
    assert!(!r.body.contains("<form class=\"box\""), "{}", r.body);
    // It still logs out.
    let r = send_to(&app, post("/logout", &s, &[("csrf", &csrf)])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

/// The row of `indicator` in the page's pace table.
/// The row of task `code` on a page (to its `</tr>`).
fn task_row<'a>(body: &'a str, code: &str) -> &'a str {
    let row = &body[body.find(&format!("data-task=\"{code}\"")).unwrap()..];
    &row[..row.find("</tr>").unwrap()]
}

fn pace_row<'a>(body: &'a str, indicator: &str) -> &'a str {
    let at = body
        .find(&format!("<tr data-indicator=\"{indicator}\">"))
        .unwrap_or_else(|| panic!("no pace row of {indicator}: {body}"));
    let end = body[at..].find("</tr>").unwrap() + at;
    &body[at..end]
}

/// A monthly value as stored.
fn stored_cumulative(app_monitor: &Monitor, indicator: &str, month: &str) -> Option<f64> {
    app_monitor
        .monthly_values(indicator)
        .unwrap()
        .into_iter()
        .find(|v| v.month == month)
        .and_then(|v| v.cumulative)
}

/// The example with the department accounts, and a monitor on the same store to check it.
fn app_and_monitor() -> (Router, Monitor) {
    let m = recorded_example();
    let mut t = m.tracker();
    add_accounts(&mut t, &DEPARTMENTS);
    let options = ServerOptions::default().with_cao_bang_example().unwrap();
    (router(t, options), m)
}

#[tokio::test]
async fn a_department_reports_its_month_and_sees_its_pace_and_findings() {
    let (app, m) = app_and_monitor();
    let (s, csrf) = login(&app, "sct", "/department/so-cong-thuong").await;
    // Its home is its own page.
    let r = send_to(&app, get("/", &s)).await;
    assert_eq!(r.location.as_deref(), Some("/department/so-cong-thuong"));
    let page = send_to(&app, get("/department/so-cong-thuong", &s)).await;
    assert!(page
        .body
        .contains("<strong id=\"pace-month\">2025-07</strong>"));
    // July as the meeting read it: 3,583 bn of the plan's 7,980 bn = 44.9%, of the scenario's
    // derived 8,469.8 bn (the meeting's 8,470) = 42.3%, side by side in Vietnamese notation.
    let row = pace_row(&page.body, "CN_GTSX");
    assert!(row.contains("3.583,0"), "{row}");
    assert!(row.contains("7.980,0") && row.contains(">44,9<"), "{row}");
    assert!(row.contains("8.469,8") && row.contains(">42,3<"), "{row}");
    // The unit as the page's language writes it (stored as "bn VND").
    assert!(
        row.contains("<td>tỷ đồng</td>") && !row.contains("bn VND"),
        "{row}"
    );
    // Only its own indicators; its findings (the IIP's red one), its task T-02.
    assert!(!page.body.contains("data-indicator=\"NS_THU\""));
    assert!(page
        .body
        .contains("class=\"red\" data-subject=\"indicator:CN_IIP\""));
    assert!(page.body.contains("data-task=\"T-02\""));
    assert!(!page.body.contains("data-task=\"T-03\""));
    // The July report again, written as the page writes numbers: June's cumulative is
    // 470 + 430 + 500 + 520 + 540 + 550 = 3,010, so 690 in July makes 3,700; 3,700 / 7,980 =
    // 46.37% of the plan, 3,700 / 8,469.8 = 43.68% of the scenario target.
    let r = send_to(
        &app,
        post(
            "/department/so-cong-thuong/report",
            &s,
            &[
                ("csrf", &csrf),
                ("indicator", "CN_GTSX"),
                ("month", "2025-07"),
                ("value", "690"),
                ("cumulative", "3.700,0"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"done\""), "{}", r.body);
    let row = pace_row(&r.body, "CN_GTSX");
    assert!(
        row.contains("3.700,0") && row.contains(">46,4<") && row.contains(">43,7<"),
        "{row}"
    );
    assert_eq!(stored_cumulative(&m, "CN_GTSX", "2025-07"), Some(3700.0));
    // A figure that reads two ways is refused in the page's language, nothing written.
    let r = send_to(
        &app,
        post(
            "/department/so-cong-thuong/report",
            &s,
            &[
                ("csrf", &csrf),
                ("indicator", "CN_GTSX"),
                ("month", "2025-07"),
                ("cumulative", "3.800"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("&#34;3.800&#34;"), "{}", r.body);
    assert_eq!(stored_cumulative(&m, "CN_GTSX", "2025-07"), Some(3700.0));
    // Progress on its own task: 1.250,5 of 2000 = 62.5%, written as the tasks frame writes it.
    let r = send_to(
        &app,
        post(
            "/department/so-cong-thuong/task",
            &s,
            &[
                ("csrf", &csrf),
                ("task", "T-02"),
                ("status", "in_progress"),
                ("done", "1.250,5"),
                ("total", "2000"),
                ("result", "báo cáo đã gửi"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("1250,5/2000, 63%"), "{}", r.body);
    let t02 = m
        .tasks()
        .unwrap()
        .into_iter()
        .find(|t| t.code == "T-02")
        .unwrap();
    assert_eq!(
        t02.quantity.map(|q| (q.done, q.total)),
        Some((1250.5, 2000.0))
    );
    assert_eq!(t02.result, "báo cáo đã gửi");
}

#[tokio::test]
async fn a_department_sees_and_edits_only_its_own() {
    let (app, m) = app_and_monitor();
    let (s, csrf) = login(&app, "sct", "/department/so-cong-thuong").await;
    // By URL: another department's page is forbidden, an unknown one not found.
    let r = send_to(&app, get("/department/so-tai-chinh", &s)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains("NS_THU"));
    let r = send_to(&app, get("/department/so-tu-phap", &s)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // By hidden field: Finance's indicator and task through its own page's forms.
    let r = send_to(
        &app,
        post(
            "/department/so-cong-thuong/report",
            &s,
            &[
                ("csrf", &csrf),
                ("indicator", "NS_THU"),
                ("month", "2025-07"),
                ("cumulative", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("NS_THU"), "{}", r.body);
    assert_eq!(stored_cumulative(&m, "NS_THU", "2025-07"), Some(2825.0));
    let r = send_to(
        &app,
        post(
            "/department/so-cong-thuong/task",
            &s,
            &[
                ("csrf", &csrf),
                ("task", "T-03"),
                ("status", "done"),
                ("done_on", "2025-07-20"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let t03 = m
        .tasks()
        .unwrap()
        .into_iter()
        .find(|t| t.code == "T-03")
        .unwrap();
    assert_eq!(t03.status.as_str(), "open");
    // Posting to another department's address is refused as its page is.
    let r = send_to(
        &app,
        post(
            "/department/so-tai-chinh/report",
            &s,
            &[
                ("csrf", &csrf),
                ("indicator", "NS_THU"),
                ("month", "2025-07"),
                ("cumulative", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // By upload row: one row of Finance's indicator refuses the whole file, naming row 3.
    let csv = "indicator,month,value,cumulative\nCN_GTSX,2025-07,690,3800\nNS_THU,2025-07,,1\n";
    let r = send_to(
        &app,
        multipart(
            "/department/so-cong-thuong/upload",
            &s,
            &csrf,
            "v.csv",
            csv.as_bytes(),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(
        r.body.contains("Dòng 3, indicator (&#34;NS_THU&#34;)"),
        "{}",
        r.body
    );
    assert_eq!(stored_cumulative(&m, "CN_GTSX", "2025-07"), Some(3583.0));
    assert_eq!(stored_cumulative(&m, "NS_THU", "2025-07"), Some(2825.0));
    // Its own rows alone are imported.
    let csv = "indicator,month,value,cumulative\nCN_GTSX,2025-07,690,3700\n";
    let r = send_to(
        &app,
        multipart(
            "/department/so-cong-thuong/upload",
            &s,
            &csrf,
            "v.csv",
            csv.as_bytes(),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(stored_cumulative(&m, "CN_GTSX", "2025-07"), Some(3700.0));
}

#[tokio::test]
async fn the_office_creates_assigns_and_closes_tasks_and_sees_their_warnings() {
    let (app, m) = app_and_monitor();
    let mut t = m.tracker();
    add_accounts(&mut t, &[("vp", Role::Office, None)]);
    let (s, csrf) = login(&app, "vp", "/office").await;
    let page = send_to(&app, get("/office", &s)).await;
    let at = page.body.find("<strong id=\"office-as-of\">").unwrap() + 26;
    let as_of: grdpsim::monitoring::Date = page.body[at..at + 10].parse().unwrap();
    // A fortnightly task whose first instance is four weeks before the pages' date: that
    // instance and the next (two weeks before) are missed, red.
    let start = as_of.add_days(-28);
    let r = send_to(
        &app,
        post(
            "/office/task",
            &s,
            &[
                ("csrf", &csrf),
                ("code", "T-09"),
                ("section", "2.4"),
                ("title", "Họp giao ban doanh nghiệp"),
                ("owner", DIT),
                ("kind", "recurring"),
                ("recurrence", "every 2 weeks"),
                ("start", &start.to_string()),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("<tr class=\"red\" data-task=\"T-09\">"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&start.to_string()));
    // Its recurrence reads in the page's language, with its first due date.
    let row = task_row(&r.body, "T-09");
    assert!(row.contains(&format!("định kỳ 2 tuần ({start})")), "{row}");
    assert!(!row.contains("every 2 weeks"), "{row}");
    // A dated task due in three days is amber (the policy warns 7 days ahead).
    let due = as_of.add_days(3).to_string();
    let r = send_to(
        &app,
        post(
            "/office/task",
            &s,
            &[
                ("csrf", &csrf),
                ("code", "T-10"),
                ("title", "Báo cáo 632 hộ"),
                ("owner", FINANCE),
                ("kind", "date"),
                ("date", &due),
                ("total", "632"),
                ("unit", "hộ"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("<tr class=\"amber\" data-task=\"T-10\">"),
        "{}",
        r.body
    );
    let t10 = m
        .tasks()
        .unwrap()
        .into_iter()
        .find(|t| t.code == "T-10")
        .unwrap();
    assert_eq!(t10.quantity.map(|q| q.total), Some(632.0));
    // Reassigned to Finance and closed with a result: no warning any more.
    let r = send_to(
        &app,
        post(
            "/office/assign",
            &s,
            &[
                ("csrf", &csrf),
                ("task", "T-09"),
                ("owner", FINANCE),
                ("status", "done"),
                ("done_on", &as_of.to_string()),
                ("result", "đã họp"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("<tr class=\"\" data-task=\"T-09\">"),
        "{}",
        r.body
    );
    let t09 = m
        .tasks()
        .unwrap()
        .into_iter()
        .find(|t| t.code == "T-09")
        .unwrap();
    assert_eq!(
        (t09.department.as_str(), t09.result.as_str()),
        (FINANCE, "đã họp")
    );
}

#[tokio::test]
async fn the_office_does_not_write_a_departments_figures_nor_a_department_tasks() {
    let (app, m) = app_and_monitor();
    let mut t = m.tracker();
    add_accounts(&mut t, &[("vp", Role::Office, None)]);
    let (s, csrf) = login(&app, "vp", "/office").await;
    // A bad date is refused in the page's language, nothing written.
    let r = send_to(
        &app,
        post(
            "/office/assign",
            &s,
            &[
                ("csrf", &csrf),
                ("task", "T-02"),
                ("status", "done"),
                ("done_on", "20/7"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("không phải ngày YYYY-MM-DD"), "{}", r.body);
    // Every finding recorded is on the page, the other departments' too.
    assert!(r.body.contains("data-subject=\"indicator:CN_IIP\""));
    // The Office does not write a department's figures; a department does not manage tasks.
    let r = send_to(
        &app,
        post(
            "/department/so-cong-thuong/report",
            &s,
            &[
                ("csrf", &csrf),
                ("indicator", "CN_GTSX"),
                ("month", "2025-07"),
                ("value", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (d, dcsrf) = login(&app, "sct", "/department/so-cong-thuong").await;
    assert_eq!(
        send_to(&app, get("/office", &d)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = send_to(
        &app,
        post(
            "/office/assign",
            &d,
            &[("csrf", &dcsrf), ("task", "T-02"), ("status", "done")],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_departments_digest_is_its_own_findings() {
    let (app, m) = app_and_monitor();
    add_accounts(&mut m.tracker(), &[("chutich", Role::Leader, None)]);
    let (s, _) = login(&app, "sct", "/digest").await;
    let page = send_to(&app, get("/digest", &s)).await;
    let at = page.body.find("<table id=\"findings\">").unwrap();
    let table = &page.body[at..at + page.body[at..].find("</table>").unwrap()];
    let rows: Vec<&str> = table.split("<tr class=").skip(1).collect();
    // The IIP's finding is Industry and Trade's; no row of another department's.
    assert!(
        table.contains("data-subject=\"indicator:CN_IIP\""),
        "{table}"
    );
    assert!(rows.iter().all(|r| r.contains("Sở Công Thương")), "{table}");
    // The province's headline is the leaders'.
    assert!(!page.body.contains("id=\"headline\""));
    // A leader sees every department's.
    let (l, _) = login(&app, "chutich", "/digest").await;
    let all = send_to(&app, get("/digest", &l)).await;
    assert!(all.body.contains("id=\"headline\""));
    assert!(
        all.body.matches("<tr class=").count() > rows.len(),
        "{}",
        all.body
    );
}

#[tokio::test]
async fn a_department_sees_the_sector_targets_the_scenario_assigns_it() {
    use grdpsim::scenario::Owner;
    let m = recorded_example();
    let mut t = m.tracker();
    add_accounts(&mut t, &DEPARTMENTS);
    // The example's Q3 target of industry and construction (16.37%, laodong.vn's 31 July
    // figure), assigned to Industry and Trade by the end of September.
    let scenario = grdpsim::datasets::cao_bang_2025()
        .unwrap()
        .with_owners([Owner::new("CNXD", "Sở Công Thương")
            .period("Q3")
            .deadline("2025-09-30")])
        .unwrap();
    let mut options = ServerOptions::default().with_cao_bang_example().unwrap();
    options.scenario = Some(scenario);
    let app = router(t, options);
    let (s, _) = login(&app, "sct", "/department/so-cong-thuong").await;
    let page = send_to(&app, get("/department/so-cong-thuong", &s)).await;
    let at = page
        .body
        .find("<tr data-sector=\"CNXD\" data-period=\"Q3\">")
        .unwrap_or_else(|| panic!("{}", page.body));
    let row = &page.body[at..at + page.body[at..].find("</tr>").unwrap()];
    assert!(
        row.contains("16,37 %") && row.contains("2025-09-30"),
        "{row}"
    );
    // Only the period assigned, and not to Finance.
    assert_eq!(page.body.matches("<tr data-sector=").count(), 1);
    let (f, _) = login(&app, "stc", "/department/so-tai-chinh").await;
    let page = send_to(&app, get("/department/so-tai-chinh", &f)).await;
    assert!(page.body.contains("id=\"assigned-none\""));
}

/// The demonstration's scenario assigns each sector to the department its policy holds
/// responsible (the published scenario names no owners): Industry and Trade sees industry,
/// industry and construction, and services; Finance the total and product taxes; neither
/// sees the other's.
#[tokio::test]
async fn the_demo_assigns_each_sector_to_the_department_responsible_for_it() {
    let m = recorded_example();
    let mut t = m.tracker();
    add_accounts(&mut t, &DEPARTMENTS);
    let options = ServerOptions::default().with_cao_bang_example().unwrap();
    // Industry's stated annual target (7.14%).
    let cn_year = options
        .scenario
        .as_ref()
        .unwrap()
        .target_growth("Y", "CN")
        .unwrap();
    let app = router(t, options);
    let sectors = |body: &str| -> std::collections::BTreeSet<String> {
        body.split("<tr data-sector=\"")
            .skip(1)
            .map(|r| r[..r.find('"').unwrap()].to_owned())
            .collect()
    };
    let (s, _) = login(&app, "sct", "/department/so-cong-thuong").await;
    let page = send_to(&app, get("/department/so-cong-thuong", &s)).await;
    assert_eq!(
        sectors(&page.body),
        ["CN", "CNXD", "DV"].map(String::from).into()
    );
    let at = page
        .body
        .find("<tr data-sector=\"CN\" data-period=\"Y\">")
        .unwrap_or_else(|| panic!("{}", page.body));
    let row = &page.body[at..at + page.body[at..].find("</tr>").unwrap()];
    let shown = format!("{} %", grdpsim::lang::Lang::Vi.grouped(cn_year, 2));
    assert!(row.contains(&shown), "{shown} not in {row}");
    let (f, _) = login(&app, "stc", "/department/so-tai-chinh").await;
    let page = send_to(&app, get("/department/so-tai-chinh", &f)).await;
    assert_eq!(
        sectors(&page.body),
        ["GRDP", "TSP"].map(String::from).into()
    );
}
