//! Every query of `payments` that selects one project seeks the table's key week by week,
//! never scans the table: keyed by payment source and week first (schema version 10), the
//! table of a province holds millions of rows, and a project's rows are one seek of
//! `(source, week_ending, project)` in each week `week_reports` lists. The queries reading a
//! source's weeks for every project read one range of the key. Checked on each query's
//! `EXPLAIN QUERY PLAN`, whatever reads the query's text.

use crate::store::investor_totals::{moved_cumulative_by_week, ROWS_OF_PROJECT_WEEK};
use crate::store::totals::{LATEST_BEFORE, PROJECT_FROM};
use crate::store::week_walk::{PROJECT_ROWS, WEEK_ROWS};
use crate::store::Store;

/// What a query of `payments` (read as `alias`) must do with the table's key.
#[derive(Clone, Copy)]
enum Read {
    /// Seek one project's rows: the key's source, week and project.
    Project,
    /// Read a source's range of the key, every project's rows.
    Source,
}

/// The steps of `sql`'s query plan (its parameters left unbound).
fn plan(store: &Store, sql: &str) -> Vec<String> {
    let mut st = store
        .connection()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let mut rows = st.raw_query();
    let mut steps = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        steps.push(r.get(3).unwrap());
    }
    steps
}

/// The queries of [`queries`] whose text is a constant.
const FIXED: &[(&str, &str, &str, Read)] = &[
    (
        "totals: a project's rows from a week",
        PROJECT_FROM,
        "q",
        Read::Project,
    ),
    (
        "totals: a project's latest before a week",
        LATEST_BEFORE,
        "q",
        Read::Project,
    ),
    (
        "kept aggregates: a project's rows in a week",
        ROWS_OF_PROJECT_WEEK,
        "payments",
        Read::Project,
    ),
    (
        "calendar: a withdrawal's figure",
        super::calendar::WITHDRAWN_SUM,
        "payments",
        Read::Project,
    ),
    (
        "calendar: a withdrawal",
        super::calendar::WITHDRAW,
        "payments",
        Read::Project,
    ),
    (
        "reconciliation: a project's weeks",
        super::reconciliation::WEEK_FIGURES_OF_PROJECT,
        "q",
        Read::Project,
    ),
    (
        "reconciliation: a decision's figures",
        super::reconciliation::DECISION_FIGURES,
        "payments",
        Read::Project,
    ),
    (
        "views: a project's history",
        super::views::PAYMENT_HISTORY,
        "q",
        Read::Project,
    ),
    (
        "week walk: a project sought in a week",
        PROJECT_ROWS,
        "payments",
        Read::Project,
    ),
    (
        "week walk: a week read whole",
        WEEK_ROWS,
        "payments",
        Read::Source,
    ),
    (
        "views: a project's S-curve",
        super::views::CURVE_OF_PROJECT,
        "q",
        Read::Project,
    ),
    (
        "weekly plans: paid against them",
        super::weekly_plans::AGAINST_WEEKLY_PLAN,
        "p",
        Read::Project,
    ),
    (
        "sources: every line's paid",
        super::sources::PAID_LINES,
        "payments",
        Read::Source,
    ),
];

/// Every query of `payments` by a project or by a source: a name, its text, the alias it
/// reads `payments` by and what it must do with the key.
fn queries() -> Vec<(&'static str, String, &'static str, Read)> {
    // The trigger moving a project to another investor, its subquery alone (a plan does not
    // show a trigger's): the project is the trigger's row.
    let moved = format!(
        "SELECT w.source, w.week_ending, {} FROM (SELECT DISTINCT source, week_ending
         FROM investor_totals) w",
        moved_cumulative_by_week!().replace("NEW.code", "?9")
    );
    let mut all: Vec<(&str, String, &str, Read)> = vec![(
        "kept aggregates: a project moving investor",
        moved,
        "t",
        Read::Project,
    )];
    all.extend(
        FIXED
            .iter()
            .map(|&(name, sql, alias, read)| (name, sql.to_owned(), alias, read)),
    );
    all
}

#[test]
fn every_query_of_one_project_seeks_the_payments_key_week_by_week() {
    let store = Store::open_in_memory().unwrap();
    for (name, sql, alias, read) in queries() {
        let steps = plan(&store, &sql);
        let of_payments: Vec<&String> = steps
            .iter()
            .filter(|s| s.split(' ').nth(1) == Some(alias))
            .collect();
        let wanted = match read {
            Read::Project => format!(
                "SEARCH {alias} USING PRIMARY KEY (source=? AND week_ending=? AND project=?)"
            ),
            Read::Source => format!("SEARCH {alias} USING PRIMARY KEY (source=?"),
        };
        assert!(
            !of_payments.is_empty() && of_payments.iter().all(|s| s.starts_with(&wanted)),
            "{name}: wanted {wanted}, planned {steps:?}"
        );
    }
}

/// An investor's S-curve reads its kept cumulative of each week: a seek of the kept
/// aggregates' key a week, never a scan of them or a read of the payments.
#[test]
fn an_investor_s_curve_seeks_its_kept_totals_week_by_week() {
    let store = Store::open_in_memory().unwrap();
    let steps = plan(&store, super::views::CURVE_OF_INVESTOR);
    assert!(
        steps
            .iter()
            .any(|s| s == "SEARCH t USING PRIMARY KEY (source=? AND week_ending=? AND investor=?)"),
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .all(|s| !s.contains("payments") && !s.starts_with("SCAN")),
        "{steps:?}"
    );
}
