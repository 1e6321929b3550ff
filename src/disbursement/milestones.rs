//! Monthly plans with milestones and owners (issue 26 §2.2a): each project's monthly plan line
//! carries, besides the amount, the milestone the month should reach ("giải phóng mặt bằng
//! xong", "gói thầu 2 nghiệm thu") and the person responsible for it. The count-down by month
//! ([`Tracker::countdown_by_month`]) lists what remains to pay in each month still to come,
//! with its milestone and owner:
//!
//! ```text
//! C(m)      = the monthly plan cumulated to the end of month m
//! to_pay(m) = max(0, C(m) − paid to date)                    for the month of the date
//! to_pay(m) = max(0, C(m) − max(paid to date, C(m − 1)))     for each later month
//! ```
//!
//! so the months add up to what remains of the monthly plan, a shortfall falling on the
//! current month. The order asks for each project's monthly plan by a deadline (25 August
//! 2025; [`Tracker::monthly_plan_deadline`], a setting of the store): after it, a project
//! with a plan in force and no monthly plan is a finding ([`Tracker::missing_monthly_plans`]).

use std::collections::{BTreeMap, HashMap};

use super::{Level, Tracker};
use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;

/// The store's setting of the monthly plans' deadline (an ISO date).
const DEADLINE_KEY: &str = "monthly_plan_deadline";

/// A month still to come of a project's monthly plan.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRemainingRow {
    pub project: String,
    pub investor: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The month's plan, million VND.
    pub planned: f64,
    /// What remains to pay in that month (see the module docs).
    pub to_pay: f64,
    /// The milestone the month should reach (mốc tiến độ), empty when none.
    pub milestone: String,
    /// The person responsible for it (người phụ trách), empty when none.
    pub owner: String,
}

/// A project with a plan in force and no monthly plan after the deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingMonthlyPlan {
    pub project: String,
    pub name: String,
    pub investor: String,
    /// The project's responsible person, as stored.
    pub responsible: String,
    /// Plan in force on the date, million VND.
    pub plan: f64,
    pub deadline: Date,
    /// Days from the deadline to the date.
    pub days_late: i32,
}

impl MissingMonthlyPlan {
    /// The finding as a sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let plan = lang.grouped(self.plan, 1);
        match lang {
            Lang::En => format!(
                "Project {} {} ({}): no monthly plan by the deadline {}, {} day(s) late \
                 (plan in force {plan} million VND)",
                self.project, self.name, self.investor, self.deadline, self.days_late
            ),
            Lang::Vi => format!(
                "Dự án {} {} ({}): chưa có kế hoạch giải ngân theo tháng, hạn {}, chậm {} ngày \
                 (kế hoạch vốn giao {plan} triệu đồng)",
                self.project, self.name, self.investor, self.deadline, self.days_late
            ),
        }
    }
}

/// One line of the monthly plans: project, month, amount, milestone, owner.
type Line = (String, String, f64, String, String);

impl Tracker {
    /// The date by which each project's monthly plan is due: the store's setting, else 25
    /// August of the plan year (the July 2025 conclusion's date).
    ///
    /// # Errors
    /// [`GrdpsimError::NotAStore`] if the stored setting is not a date;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn monthly_plan_deadline(&self) -> Result<Date> {
        let store = self.store();
        match store.meta(DEADLINE_KEY)? {
            Some(v) => v.parse().map_err(|_| GrdpsimError::NotAStore {
                path: store.label().to_owned(),
                reason: format!("its setting {DEADLINE_KEY} = {v:?} is not a date"),
            }),
            None => Date::new(self.year, 8, 25),
        }
    }

    /// Sets the monthly plans' deadline (audited under `who`).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming `deadline` for a date outside the plan year;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn set_monthly_plan_deadline(&mut self, deadline: Date, who: &str) -> Result<()> {
        if deadline.year() != self.year {
            return Err(GrdpsimError::invalid_argument(
                "deadline",
                format!("{deadline} is outside the plan year {}", self.year),
            ));
        }
        self.store()
            .set_meta(DEADLINE_KEY, &deadline.to_string(), who)
    }

    fn monthly_lines(&self, project: Option<&str>) -> Result<Vec<Line>> {
        self.store().query_tuples(
            "SELECT project, month, amount, milestone, owner FROM monthly_plans
             WHERE ?1 IS NULL OR project = ?1 ORDER BY project, month",
            [project],
        )
    }

    /// The count-down by month (trừ lùi theo tháng) as of `as_of`, of one project or all: for
    /// each month from `as_of`'s to December with a monthly plan line, what remains to pay in
    /// it, with its milestone and owner (see the module docs), by project and month.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn countdown_by_month(
        &self,
        as_of: Date,
        project: Option<&str>,
    ) -> Result<Vec<MonthRemainingRow>> {
        let current = as_of.month_label();
        let paid: HashMap<String, f64> = self
            .countdown(as_of, Level::Project)?
            .into_iter()
            .map(|r| (r.key, r.paid))
            .collect();
        let investor_of = self.investor_of_projects()?;
        let mut by_project: BTreeMap<String, Vec<Line>> = BTreeMap::new();
        for line in self.monthly_lines(project)? {
            by_project.entry(line.0.clone()).or_default().push(line);
        }
        let mut out = Vec::new();
        for (code, lines) in by_project {
            let paid = paid.get(&code).copied().unwrap_or(0.0);
            let mut cumulated = 0.0;
            for (_, month, amount, milestone, owner) in lines {
                let before = cumulated;
                cumulated += amount;
                if month < current {
                    continue;
                }
                let floor = if month == current {
                    paid
                } else {
                    paid.max(before)
                };
                out.push(MonthRemainingRow {
                    investor: investor_of.get(&code).cloned().unwrap_or_default(),
                    project: code.clone(),
                    month,
                    planned: amount,
                    to_pay: (cumulated - floor).max(0.0),
                    milestone,
                    owner,
                });
            }
        }
        Ok(out)
    }

    /// The projects with a plan in force and no monthly plan on `as_of`, once the deadline
    /// ([`Tracker::monthly_plan_deadline`]) has passed (none before it), the largest plan
    /// first.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn missing_monthly_plans(&self, as_of: Date) -> Result<Vec<MissingMonthlyPlan>> {
        let deadline = self.monthly_plan_deadline()?;
        if as_of <= deadline {
            return Ok(Vec::new());
        }
        let with_plan: std::collections::HashSet<String> =
            self.monthly_lines(None)?.into_iter().map(|l| l.0).collect();
        let who: HashMap<String, (String, String)> = self.store().query_rows(
            "SELECT code, investor, responsible FROM projects",
            [],
            |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))),
        )?;
        let mut out: Vec<MissingMonthlyPlan> = self
            .countdown(as_of, Level::Project)?
            .into_iter()
            .filter(|r| r.plan > 0.0 && !with_plan.contains(&r.key))
            .map(|r| {
                let (investor, responsible) = who.get(&r.key).cloned().unwrap_or_default();
                MissingMonthlyPlan {
                    project: r.key,
                    name: r.name,
                    investor,
                    responsible,
                    plan: r.plan,
                    deadline,
                    days_late: as_of.days_since(deadline),
                }
            })
            .collect();
        out.sort_by(|a, b| b.plan.total_cmp(&a.plan).then(a.project.cmp(&b.project)));
        Ok(out)
    }
}
