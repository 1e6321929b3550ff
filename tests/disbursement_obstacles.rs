//! Obstacles to resolution (issue 26 §2.2a): a status from a list in either language, stored
//! as its code; a resolved obstacle needs its result; overdue and escalated obstacles as typed
//! rows and in the weekly briefing.

mod disbursement_support;

use disbursement_support::{d, rejected_rows, tracker_importing, PROJECTS};

use grdpsim::disbursement::{ObstacleStatus, Tracker};
use grdpsim::lang::Lang;
use grdpsim::reports::briefing::briefing;

/// Statuses as an investor types them: Vietnamese labels, an English code.
const OBSTACLES: &str =
    "project,description,reported,agency,person,deadline,status,resolution,resolved_on
P1,Land,2025-05-02,Commune,Ms Xuan,2025-06-30,đang xử lý,,
P2,Design,2025-05-10,Dept of Construction,Mr Yen,2025-07-15,escalated,,
P3,Materials,2025-06-01,Contractor,,2025-07-20,đã giải quyết,Delivered,2025-07-18
P1,Permit,2025-07-01,Dept of Natural Resources,,2025-08-29,open,,
";

fn tracker() -> Tracker {
    tracker_importing(&[
        ("projects.csv", PROJECTS, "cdt"),
        (
            "payments.csv",
            "project,week_ending,source,amount\nP1,2025-07-04,treasury,10\n",
            "kbnn",
        ),
        ("obstacles.csv", OBSTACLES, "cdt"),
    ])
}

#[test]
fn statuses_are_stored_as_codes_and_listed_with_their_result() {
    let t = tracker();
    let all = t.obstacles(d("2025-07-31"), None, &[]).unwrap();
    let listed: Vec<(&str, ObstacleStatus)> = all
        .iter()
        .map(|o| (o.description.as_str(), o.status))
        .collect();
    // By deadline: 30 June, 15 July, 20 July, 29 August.
    assert_eq!(
        listed,
        [
            ("Land", ObstacleStatus::InProgress),
            ("Design", ObstacleStatus::Escalated),
            ("Materials", ObstacleStatus::Resolved),
            ("Permit", ObstacleStatus::Open),
        ]
    );
    assert_eq!(all[2].result, "Delivered");
    assert_eq!(all[2].resolved_on, Some(d("2025-07-18")));
    assert_eq!(all[0].investor, "A");
    // Reported by 15 June: the permit (1 July) is not yet there; one project's, one status.
    assert_eq!(t.obstacles(d("2025-06-15"), None, &[]).unwrap().len(), 3);
    let p1 = t.obstacles(d("2025-07-31"), Some("P1"), &[ObstacleStatus::Open]);
    assert_eq!(p1.unwrap()[0].description, "Permit");
    let stored: String = t
        .store()
        .audit_trail()
        .unwrap()
        .iter()
        .filter(|a| a.entity == "obstacles")
        .map(|a| a.new.clone().unwrap_or_default())
        .collect();
    assert!(
        stored.contains("|in_progress|") && !stored.contains("đang xử lý"),
        "{stored}"
    );
}

#[test]
fn overdue_are_those_not_resolved_past_their_deadline_and_escalated_apart() {
    let mut t = tracker();
    // 31 July: Land (deadline 30 June, in progress) 31 days over, Design (15 July,
    // escalated) 16; Materials resolved and Permit not yet due are not overdue.
    let overdue = t.overdue_obstacles(d("2025-07-31")).unwrap();
    let got: Vec<(&str, i32, ObstacleStatus)> = overdue
        .iter()
        .map(|o| (o.description.as_str(), o.days_overdue, o.status))
        .collect();
    assert_eq!(
        got,
        [
            ("Land", 31, ObstacleStatus::InProgress),
            ("Design", 16, ObstacleStatus::Escalated)
        ]
    );
    let escalated = t.escalated_obstacles(d("2025-07-31")).unwrap();
    assert_eq!(escalated.len(), 1);
    assert_eq!(escalated[0].agency, "Dept of Construction");
    // The province resolves it: no longer overdue nor escalated.
    t.import_csv_str(
        "fix.csv",
        "project,description,reported,agency,person,deadline,status,resolution,resolved_on\n\
         P2,Design,2025-05-10,Dept of Construction,Mr Yen,2025-07-15,resolved,Design approved by the province,2025-08-05\n",
        "cdt",
    )
    .unwrap();
    assert!(t.escalated_obstacles(d("2025-08-08")).unwrap().is_empty());
    let overdue = t.overdue_obstacles(d("2025-08-08")).unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].description, "Land");
}

#[test]
fn a_resolved_obstacle_without_its_result_or_an_unknown_status_is_refused_whole() {
    let mut t = tracker();
    let before = t.obstacles(d("2025-12-31"), None, &[]).unwrap();
    let e = t
        .import_csv_str(
            "bad.csv",
            "project,description,reported,agency,status,resolution\n\
             P1,Land,2025-05-02,Commune,resolved,\n\
             P2,Noise,2025-05-02,Commune,xong rồi,\n\
             P3,Rain,2025-05-02,Commune,open,\n",
            "cdt",
        )
        .unwrap_err();
    let problems = rejected_rows(e);
    let at: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(at, [(2, "resolution"), (3, "status")]);
    assert!(problems[0].reason.contains("result"));
    assert_eq!(problems[1].value, "xong rồi");
    assert_eq!(t.obstacles(d("2025-12-31"), None, &[]).unwrap(), before);
}

#[test]
fn the_briefing_lists_the_escalated_obstacles_in_the_readers_language() {
    let mut t = tracker();
    let vi = briefing(&t, d("2025-07-31"), d("2025-07-24"), Lang::Vi)
        .unwrap()
        .to_text();
    let section = &vi[vi.find("Vướng mắc đã báo cáo UBND tỉnh").expect(&vi)..];
    assert!(
        section.contains("Vướng mắc cần tỉnh chỉ đạo xử lý: 1"),
        "{section}"
    );
    assert!(section.contains("Design") && section.contains("đã báo cáo UBND tỉnh"));
    assert!(section.contains("Dept of Construction") && section.contains("2025-07-15"));
    let en = briefing(&t, d("2025-07-31"), d("2025-07-24"), Lang::En)
        .unwrap()
        .to_text();
    assert!(en.contains("Obstacles escalated to the province"));
    assert!(en.contains("escalated to the province"));
    // Resolved, the section goes.
    t.import_csv_str(
        "fix.csv",
        "project,description,reported,agency,status,resolution\nP2,Design,2025-05-10,Dept of Construction,resolved,Approved\n",
        "cdt",
    )
    .unwrap();
    let vi = briefing(&t, d("2025-07-31"), d("2025-07-24"), Lang::Vi)
        .unwrap()
        .to_text();
    assert!(!vi.contains("Vướng mắc đã báo cáo UBND tỉnh"));
}
