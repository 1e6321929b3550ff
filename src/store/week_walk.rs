//! Some projects' payment rows of one source, walked week by week: the payments are keyed
//! week-major (schema version 10: source, week, project, capital source), so a project's
//! history is one seek of the key a week. A walk reads each week the cheaper way for the
//! projects it still wants: the whole week (one range of the key, in project order) while
//! they are many against the week's projects, else each of them sought; and it drops a project
//! once it has what it wants (its latest total, its last payment). A few projects cost a seek
//! a week each, many cost what reading their weeks does (issue 27: the province page read a
//! project's history a seek a week for each of hundreds of projects).

use rusqlite::{params, Connection, Row};

use super::totals::position;

/// How many rows of a week's range cost what one seek of a project in it does: measured with
/// a release build on the web's demo store (300 projects, 35 weeks; 7 December 2026), a row
/// read in a range took 0.12–0.13 µs and a seek 1.5–1.6 µs, 11.5–13.5 rows.
pub(crate) const SEEK_COST: usize = 12;

/// One payment line a walk meets (a capital source's): its week, amount and running total.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'r> {
    pub(crate) week: &'r str,
    pub(crate) amount: f64,
    pub(crate) cumulative: f64,
}

impl<'r> Line<'r> {
    fn of(row: &'r Row<'_>, week: &'r str) -> rusqlite::Result<Self> {
        Ok(Self {
            week,
            amount: row.get(1)?,
            cumulative: row.get(2)?,
        })
    }
}

/// A week's rows from a source, in key order (project, then capital source).
pub(crate) const WEEK_ROWS: &str = "SELECT project, amount, cumulative FROM payments
    WHERE source = ?1 AND week_ending = ?2";

/// One project's (`?3`) rows of a week from a source: a seek of the key.
pub(crate) const PROJECT_ROWS: &str = "SELECT project, amount, cumulative FROM payments
    WHERE source = ?1 AND week_ending = ?2 AND project = ?3";

/// Walks `source`'s payment lines of the projects `wanted` (by place in the sorted `codes`)
/// through `weeks` (each with how many projects have a row in it, as `week_reports` keeps it)
/// in the order given. Each line of a wanted project goes to `visit` with the project's place;
/// `visit` answers whether that project is done, and a done project is no longer wanted (its
/// next lines of the week included). A week is read whole when the projects still wanted are
/// at least one `seek_cost`-th of the week's ([`SEEK_COST`]), else each of them is sought in
/// it. The walk ends when no project is wanted or the weeks run out; the lines a project meets
/// are the same either way, in week order as given and key order within a week.
///
/// # Errors
/// The `SQLite` error, if a statement fails.
pub(crate) fn walk<'w>(
    conn: &Connection,
    source: &str,
    weeks: impl IntoIterator<Item = &'w (String, i64)>,
    codes: &[&str],
    wanted: &mut [bool],
    seek_cost: usize,
    mut visit: impl FnMut(usize, Line<'_>) -> bool,
) -> rusqlite::Result<()> {
    let mut left: Vec<usize> = (0..codes.len()).filter(|&i| wanted[i]).collect();
    for (week, projects) in weeks {
        if left.is_empty() {
            break;
        }
        let projects = usize::try_from(*projects).unwrap_or(0);
        if left.len().saturating_mul(seek_cost) >= projects {
            let mut st = conn.prepare_cached(WEEK_ROWS)?;
            let mut rows = st.query(params![source, week])?;
            let mut at = 0;
            while let Some(r) = rows.next()? {
                let Some(i) = position(codes, &mut at, r.get_ref(0)?.as_str()?) else {
                    continue;
                };
                if wanted[i] && visit(i, Line::of(r, week)?) {
                    wanted[i] = false;
                }
            }
        } else {
            let mut st = conn.prepare_cached(PROJECT_ROWS)?;
            for &i in &left {
                let mut rows = st.query(params![source, week, codes[i]])?;
                while let Some(r) = rows.next()? {
                    if wanted[i] && visit(i, Line::of(r, week)?) {
                        wanted[i] = false;
                    }
                }
            }
        }
        left.retain(|&i| wanted[i]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::totals::tests::store;
    use crate::store::Store;

    fn weeks(store: &Store) -> Vec<(String, i64)> {
        crate::store::investor_totals::reports_by_week(store.connection(), "treasury").unwrap()
    }

    /// Every line a walk meets, as text, for `wanted` projects never done.
    fn met(store: &Store, wanted: &[bool], seek_cost: usize) -> Vec<String> {
        let codes = ["P1", "P2", "P3", "P4"];
        let mut wanted = wanted.to_vec();
        let mut out = Vec::new();
        walk(
            store.connection(),
            "treasury",
            weeks(store).iter().rev(),
            &codes,
            &mut wanted,
            seek_cost,
            |i, l| {
                out.push(format!("{} {} {}", codes[i], l.week, l.amount));
                false
            },
        )
        .unwrap();
        out
    }

    /// Whole weeks and seeks meet the same lines in the same order: every line of the wanted
    /// projects, none of the others.
    #[test]
    fn whole_weeks_and_seeks_meet_the_same_lines() {
        let store = store();
        // Every line of the fixture, each project's sought in each week.
        let all = met(&store, &[true; 4], 0);
        assert_eq!(all.len(), 6);
        for wanted in [
            [true; 4],
            [false, true, true, true],
            [true, false, false, true],
        ] {
            let (sought, whole) = (met(&store, &wanted, 0), met(&store, &wanted, usize::MAX));
            assert_eq!(sought, whole, "{wanted:?}");
            let expected: Vec<&String> = all
                .iter()
                .filter(|l| wanted[usize::from(l.as_bytes()[1] - b'1')])
                .collect();
            assert_eq!(sought.iter().collect::<Vec<_>>(), expected);
        }
        assert_eq!(
            met(&store, &[false, false, false, true], usize::MAX),
            ["P4 2025-01-10 4", "P4 2025-01-10 1"]
        );
    }

    /// The latest week with a payment of each project, walked back: a project found drops
    /// out (its other lines and earlier weeks are not met), one never paid stays wanted.
    #[test]
    fn a_project_done_drops_out_of_the_walk() {
        let store = store();
        let codes = ["P1", "P2", "P3", "P4"];
        for seek_cost in [0, usize::MAX] {
            let mut wanted = [true; 4];
            let (mut last, mut visits) = (vec![None; 4], 0);
            walk(
                store.connection(),
                "treasury",
                &weeks(&store),
                &codes,
                &mut wanted,
                seek_cost,
                |i, l| {
                    visits += 1;
                    let paid = l.amount > 0.0;
                    if paid {
                        last[i] = Some(l.week.to_owned());
                    }
                    paid
                },
            )
            .unwrap();
            let week = |w: &str| Some(w.to_owned());
            assert_eq!(
                last,
                [
                    week("2025-01-17"),
                    week("2025-01-03"),
                    None,
                    week("2025-01-10")
                ],
                "seek_cost {seek_cost}"
            );
            assert_eq!(wanted, [false, false, true, false]);
            // P1's latest line, P4's first (not its second), P2's only line.
            assert_eq!(visits, 3, "seek_cost {seek_cost}");
        }
    }
}
