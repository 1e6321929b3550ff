//! Investors' weekly plans (kế hoạch giải ngân theo tuần, issue 26 §2.2c): what an investor
//! plans to pay on each of its projects in each week, the week ending on the calendar's day
//! (Friday unless the province says otherwise).
//!
//! Where a project has a weekly plan it replaces the monthly plan from the first planned
//! week on; before that week, and for a project without one, the monthly plan stands:
//!
//! ```text
//! planned to d = monthly plan to (start of the first planned week − 1 day)
//!              + Σ weekly plans, the week of d pro rata to the day      (basis weekly)
//! planned to d = monthly plan to d, its month pro rata to the day        (basis monthly)
//! ```
//!
//! The count-down's planned-to-date and SPI, the stalled-project rule and the ranking's
//! "paid against own weekly plan" read it; each row says which basis it used ([`PlanBasis`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::types::Value;

use super::{Calendar, RankRow, Tracker};
use crate::date::{Date, Month};
use crate::error::Result;
use crate::store::import::RowCtx;
use crate::store::totals::position;

/// Each project with a weekly plan for a week ending by `?2`, with its paid from a payment
/// source (`?1`) from its first planned week to `?2` ([`Tracker::against_weekly_plan`]).
pub(super) const AGAINST_WEEKLY_PLAN: &str = "SELECT w.project, sum(p.amount)
    FROM (SELECT project, min(week_ending) AS first FROM weekly_plans
          GROUP BY project HAVING first <= ?2) w
    CROSS JOIN week_reports k CROSS JOIN payments p
      ON p.source = k.source AND p.week_ending = +k.week_ending AND p.project = w.project
    WHERE k.source = ?1 AND k.week_ending >= w.first AND k.week_ending <= ?2
    GROUP BY w.project";

/// The columns of an investor's weekly plan file: project, the week's last day, the amount
/// planned for that week (million VND).
pub const WEEKLY_PLAN_COLUMNS: &[&str] = &["project", "week_ending", "planned"];

/// The Vietnamese headers of the plans' layouts (weekly, and the monthly plan's milestone and
/// owner), with the program column each stands for.
pub(super) const VIETNAMESE_HEADERS: &[(&str, &str)] = &[
    ("tuần kết thúc ngày", "week_ending"),
    ("ngày kết thúc tuần", "week_ending"),
    ("kế hoạch tuần", "planned"),
    ("tháng", "month"),
    ("mốc tiến độ", "milestone"),
    ("người phụ trách", "owner"),
];

/// Which plan a row's planned-to-date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanBasis {
    /// The investor's weekly plan (from its first planned week; the monthly plan before it).
    Weekly,
    /// The monthly plan.
    Monthly,
    /// An investor's total over projects of both kinds.
    Mixed,
    /// Neither: nothing is planned for the project.
    None,
}

impl PlanBasis {
    /// `weekly`, `monthly`, `mixed` or `none`: the program value of a `plan_basis` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
            Self::Mixed => "mixed",
            Self::None => "none",
        }
    }

    /// The basis of a total of rows on `self` and `other` (a project without any plan does
    /// not change its investor's basis).
    #[must_use]
    pub fn and(self, other: Self) -> Self {
        match (self, other) {
            (a, Self::None) => a,
            (Self::None, b) => b,
            (a, b) if a == b => a,
            _ => Self::Mixed,
        }
    }
}

/// What a project should have paid by a date, and from which plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Planned {
    pub amount: f64,
    pub basis: PlanBasis,
}

/// A week of an investor's plan for a project.
#[derive(Debug, Clone, PartialEq)]
pub struct WeeklyPlanRow {
    pub project: String,
    pub week_ending: Date,
    /// Planned for the week, million VND.
    pub planned: f64,
}

/// The share of the week ending `week` gone by the end of `d` (0 before it starts, 1 from its
/// last day on).
fn week_fraction(week: Date, d: Date) -> f64 {
    f64::from(d.days_since(week.add_days(-7)).clamp(0, 7)) / 7.0
}

/// The `week_ending` of a weekly plan row: within the plan year and on the calendar's day
/// (a plan is for weeks to come, so no "not beyond today" as for payments).
pub(super) fn plan_week(cx: &mut RowCtx<'_>, year: i32, calendar: &Calendar) -> Option<Value> {
    let week = cx.date("week_ending", year, true)?;
    let Value::Text(text) = &week else {
        return Some(week);
    };
    let date: Date = text.parse().ok()?;
    match calendar.check_week(date, date) {
        Ok(()) => Some(week),
        Err(reason) => {
            let project = cx.cell("project").to_owned();
            cx.bad("week_ending", format!("project {project}: {reason}"));
            None
        }
    }
}

impl Tracker {
    /// The weekly plans of `project` (every project's with `None`), by project and week.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn weekly_plans(&self, project: Option<&str>) -> Result<Vec<WeeklyPlanRow>> {
        let rows: Vec<(String, String, f64)> = self.store().query_tuples(
            "SELECT project, week_ending, amount FROM weekly_plans
             WHERE ?1 IS NULL OR project = ?1 ORDER BY project, week_ending",
            [project],
        )?;
        rows.into_iter()
            .map(|(project, week, planned)| {
                Ok(WeeklyPlanRow {
                    project,
                    week_ending: week.parse()?,
                    planned,
                })
            })
            .collect()
    }

    /// Each project's weekly plan, week by week (week ending, amount), in week order.
    fn weekly_plan_map(&self) -> Result<HashMap<String, Vec<(Date, f64)>>> {
        let mut out: HashMap<String, Vec<(Date, f64)>> = HashMap::new();
        for r in self.weekly_plans(None)? {
            out.entry(r.project)
                .or_default()
                .push((r.week_ending, r.planned));
        }
        Ok(out)
    }

    /// The plans that [`Tracker::planned_by_basis`] reads, read once for any number of dates
    /// ([`BasisPlans::planned_on`]).
    /// Of `investor`'s projects alone when given. Read through [`Tracker::basis_plans`].
    pub(super) fn read_basis_plans(&self, investor: Option<&str>) -> Result<BasisPlans> {
        let projects: Vec<String> = self.store().query_rows(
            "SELECT code FROM projects WHERE ?1 IS NULL OR investor = ?1 ORDER BY code",
            [investor],
            |r| r.get(0),
        )?;
        let index: HashMap<&str, usize> = projects
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let mut weekly = vec![Vec::new(); projects.len()];
        for (p, weeks) in self.weekly_plan_map()? {
            if let Some(&i) = index.get(p.as_str()) {
                weekly[i] = weeks;
            }
        }
        // Each project's rows in month order, as the table's key gives them (the sums' order
        // as before), each month read as a Month and its project found by index: no text
        // copied a row (the basis is read by every count-down and S-curve, issue 27).
        let mut monthly: Vec<Vec<(Month, f64)>> = vec![Vec::new(); projects.len()];
        let codes: Vec<&str> = projects.iter().map(String::as_str).collect();
        let mut at = 0;
        let month_of = |text: &str| {
            text.parse::<Month>().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
            })
        };
        let mut row = |r: &rusqlite::Row<'_>| {
            if let Some(i) = position(&codes, &mut at, r.get_ref(0)?.as_str()?) {
                monthly[i].push((month_of(r.get_ref(1)?.as_str()?)?, r.get(2)?));
            }
            Ok(())
        };
        match investor {
            None => self.store().query_rows::<(), ()>(
                "SELECT project, month, amount FROM monthly_plans ORDER BY project, month",
                [],
                &mut row,
            )?,
            // One investor's projects by a seek each (its projects' rows, not every row).
            Some(inv) => self.store().query_rows::<(), ()>(
                "SELECT m.project, m.month, m.amount
                 FROM projects p JOIN monthly_plans m ON m.project = p.code
                 WHERE p.investor = ?1 ORDER BY m.project, m.month",
                [inv],
                &mut row,
            )?,
        }
        Ok(BasisPlans {
            projects,
            weekly,
            monthly,
        })
    }

    /// What each project should have paid by `d` and on which basis (see the module docs):
    /// every project of the store, [`PlanBasis::None`] with 0 for one with no plan.
    /// Of `investor`'s projects alone when given.
    pub(crate) fn planned_by_basis(
        &self,
        d: Date,
        investor: Option<&str>,
    ) -> Result<HashMap<String, Planned>> {
        Ok(self
            .basis_plans(investor)?
            .planned_on(d, |_| true)
            .into_iter()
            .map(|(p, planned)| (p.to_owned(), planned))
            .collect())
    }

    /// What the S-curve plans for the `included` projects (of `investor`'s alone when given):
    /// their monthly plans summed by month, months to the last of `dates`' in order, and
    /// their planned-to-date on each of `dates` on the count-down's basis
    /// ([`Tracker::planned_by_basis`]), or `None` when none of them has a weekly plan (then
    /// the monthly plan alone, which the S-curve sums faster itself). The plans are read
    /// once for both and for all the dates (the S-curve's 52 Fridays read them 52 times
    /// before, and its months once more, issue 27).
    pub(super) fn curve_plans(
        &self,
        included: &HashSet<String>,
        dates: &[Date],
        investor: Option<&str>,
    ) -> Result<CurvePlans> {
        let plans = self.basis_plans(investor)?;
        // Each included project's rows in code and month order, as the monthly plans' key
        // gives them: each month's sum adds the same figures in the same order as before.
        let mut by_month: BTreeMap<Month, f64> = BTreeMap::new();
        if let Some(last_month) = dates.last().map(|d| Month::of(*d)) {
            for (p, rows) in plans.projects.iter().zip(&plans.monthly) {
                if included.contains(p) {
                    for (month, amount) in rows.iter().filter(|(m, _)| *m <= last_month) {
                        *by_month.entry(*month).or_insert(0.0) += amount;
                    }
                }
            }
        }
        let months = by_month
            .into_iter()
            .map(|(m, a)| (m.to_string(), a))
            .collect();
        let weekly = plans.projects.iter().zip(&plans.weekly);
        if !weekly
            .filter(|(_, w)| !w.is_empty())
            .any(|(p, _)| included.contains(p))
        {
            return Ok((months, None));
        }
        let planned = dates
            .iter()
            .map(|d| {
                plans
                    .planned_on(*d, |p| included.contains(p))
                    .iter()
                    .map(|(_, b)| b.amount)
                    .sum()
            })
            .collect();
        Ok((months, Some(planned)))
    }

    /// Per project with a weekly plan for a week ending in `(after, to]`: what it plans for
    /// those weeks (the stalled rule's window on the weekly basis).
    pub(crate) fn weekly_planned_between(
        &self,
        after: Date,
        to: Date,
    ) -> Result<HashMap<String, f64>> {
        let mut out = HashMap::new();
        for r in self.weekly_plans(None)? {
            if r.week_ending > after && r.week_ending <= to {
                *out.entry(r.project).or_insert(0.0) += r.planned;
            }
        }
        Ok(out)
    }

    /// Per project with a weekly plan for a week ending by `as_of`: paid in the weeks from its
    /// first planned week to `as_of`, and planned for the weeks ending by `as_of` (what the
    /// ranking's "paid against own weekly plan" sums by investor). The paid figures are one
    /// query for all such projects (a query a project made the ranking's cost grow with the
    /// projects that plan weekly). `CROSS JOIN` keeps the database's loop over the projects,
    /// then over the weeks with payments (`week_reports`), each project's row of each week
    /// sought on the payments' key (keyed week-major, schema version 10) and summed in week
    /// order, rather than a scan of every payment to the date.
    pub(crate) fn against_weekly_plan(&self, as_of: Date) -> Result<HashMap<String, (f64, f64)>> {
        let as_of_text = as_of.to_string();
        let paid: HashMap<String, f64> = self.store().query_rows(
            AGAINST_WEEKLY_PLAN,
            rusqlite::params![self.payment_source().as_str(), as_of_text],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?)),
        )?;
        let mut out = HashMap::new();
        for (project, weeks) in self.weekly_plan_map()? {
            let Some((first, _)) = weeks.first() else {
                continue;
            };
            if *first > as_of {
                continue;
            }
            let planned: f64 = weeks
                .iter()
                .filter(|(w, _)| *w <= as_of)
                .map(|(_, a)| a)
                .sum();
            let paid = paid.get(&project).copied().unwrap_or(0.0);
            out.insert(project, (paid, planned));
        }
        Ok(out)
    }

    /// Sets each ranked row's [`RankRow::weekly_plan_pct`]: its projects' paid against their
    /// weekly plans, summed ([`Tracker::against_weekly_plan`]).
    pub(super) fn fill_weekly_plan_pct(&self, as_of: Date, rows: &mut [RankRow]) -> Result<()> {
        let against = self.against_weekly_plan(as_of)?;
        if against.is_empty() {
            // No weekly plan by the date: every investor's is NaN, without reading whose
            // project is whose.
            for r in rows {
                r.weekly_plan_pct = f64::NAN;
            }
            return Ok(());
        }
        let investor_of = self.investor_of_projects()?;
        let mut sums: HashMap<String, (f64, f64)> = HashMap::new();
        for (project, (paid, planned)) in against {
            if let Some(inv) = investor_of.get(&project) {
                let s = sums.entry(inv.clone()).or_insert((0.0, 0.0));
                s.0 += paid;
                s.1 += planned;
            }
        }
        for r in rows {
            r.weekly_plan_pct = match sums.get(&r.investor) {
                Some((paid, planned)) if *planned > 0.0 => 100.0 * paid / planned,
                _ => f64::NAN,
            };
        }
        Ok(())
    }
}

/// What [`Tracker::curve_plans`] gives the S-curve: the monthly plans summed by month, in
/// month order, and the planned-to-date on each date on the count-down's basis, if any.
type CurvePlans = (Vec<(String, f64)>, Option<Vec<f64>>);

/// The plans [`Tracker::planned_by_basis`] reads: each project's weekly plan, the projects,
/// and every monthly plan row.
#[derive(Debug)]
pub(super) struct BasisPlans {
    projects: Vec<String>,
    /// Each project's weekly plan (week ending, amount), in week order, by its index.
    weekly: Vec<Vec<(Date, f64)>>,
    /// Each project's monthly plan rows (month, amount), in month order, by its index.
    monthly: Vec<Vec<(Month, f64)>>,
}

impl BasisPlans {
    /// What each project that `include` keeps should have paid by `d`, and on which basis.
    fn planned_on(&self, d: Date, include: impl Fn(&str) -> bool) -> Vec<(&str, Planned)> {
        let last = Month::of(d);
        self.projects
            .iter()
            .zip(self.weekly.iter().zip(&self.monthly))
            .filter(|(p, _)| include(p))
            .map(|(p, (weeks, months))| {
                // The monthly plan counts to the day before the first planned week, if that
                // week has begun by `d`, else to `d`.
                let (until, weekly_part) = match weeks.first().map(|(week, _)| week.add_days(-6)) {
                    Some(start) if start <= d => (
                        start.add_days(-1),
                        Some(
                            weeks
                                .iter()
                                .map(|(w, a)| a * week_fraction(*w, d))
                                .sum::<f64>(),
                        ),
                    ),
                    _ => (d, None),
                };
                // Cumulated to `until`, its month pro rata to the day (rows of months after
                // `d`'s month count for nothing).
                let until_month = Month::of(until);
                let m: f64 = months.iter().filter(|(month, _)| *month <= last).fold(
                    0.0,
                    |m, (month, amount)| {
                        let share = match month.cmp(&until_month) {
                            std::cmp::Ordering::Less => 1.0,
                            std::cmp::Ordering::Equal => Tracker::month_fraction(until),
                            std::cmp::Ordering::Greater => 0.0,
                        };
                        m + amount * share
                    },
                );
                let planned = match weekly_part {
                    Some(w) => Planned {
                        amount: m + w,
                        basis: PlanBasis::Weekly,
                    },
                    None if !months.is_empty() => Planned {
                        amount: m,
                        basis: PlanBasis::Monthly,
                    },
                    None => Planned {
                        amount: 0.0,
                        basis: PlanBasis::None,
                    },
                };
                (p.as_str(), planned)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn a_week_counts_pro_rata_to_the_day() {
        let w: Date = "2025-07-04".parse().unwrap();
        close(week_fraction(w, "2025-06-27".parse().unwrap()), 0.0);
        // Saturday 28 June to Tuesday 1 July: 4 days of 7.
        close(week_fraction(w, "2025-07-01".parse().unwrap()), 4.0 / 7.0);
        close(week_fraction(w, "2025-07-04".parse().unwrap()), 1.0);
        close(week_fraction(w, "2025-08-04".parse().unwrap()), 1.0);
        assert_eq!(PlanBasis::Weekly.and(PlanBasis::None), PlanBasis::Weekly);
        assert_eq!(PlanBasis::Weekly.and(PlanBasis::Monthly), PlanBasis::Mixed);
    }
}
