//! The weekly and monthly views: status, ranking, count-down, stalled projects, differences
//! between investors and the Treasury, the S-curve and the year-end projection.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;

use super::groups::InvestorSums;
use super::{Coverage, Level, ObstacleStatus, PaymentSource, PlanBasis, Tracker};
use crate::date::{days_in_month, Date};
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;
use crate::store::investor_totals::reports_by_week;
use crate::store::totals::{position, project_by_week};
use crate::store::week_walk::{self, SEEK_COST};

/// A project's (`?1`) weeks, latest first, with its investor's and the Treasury's payments, a
/// seek a week ([`Tracker::payment_history`]).
pub(super) const PAYMENT_HISTORY: &str = concat!(
    "SELECT q.week_ending,
            sum(CASE WHEN q.source = 'investor' THEN q.amount END),
            sum(CASE WHEN q.source = 'treasury' THEN q.amount END)",
    project_by_week!("?1"),
    "WHERE w.source IN ('investor', 'treasury')
     GROUP BY q.week_ending ORDER BY q.week_ending DESC"
);

/// Each week's paid from a source (`?1`), in week order: every project's, as `week_reports`
/// keeps it (schema version 11), a row a week ([`Tracker::s_curve_of`] of the province).
pub(super) const CURVE_ALL: &str =
    "SELECT week_ending, paid FROM week_reports WHERE source = ?1 ORDER BY week_ending";

/// [`CURVE_ALL`] of one project (`?2`; if it is an investor's `?3`, unless NULL): a seek a
/// week.
pub(super) const CURVE_OF_PROJECT: &str = "SELECT w.week_ending, sum(q.amount)
    FROM week_reports w CROSS JOIN projects p CROSS JOIN payments q
      ON q.source = w.source AND q.week_ending = +w.week_ending AND q.project = p.code
    WHERE w.source = ?1 AND p.code = ?2 AND (?3 IS NULL OR p.investor = ?3)
    GROUP BY w.week_ending ORDER BY w.week_ending";

/// One investor's (`?2`) cumulative paid from a source (`?1`) in each week, in week order, as
/// the kept aggregates hold it (`investor_totals`, schema version 8): a seek a week, whatever
/// its number of projects ([`Tracker::s_curve_of`] of an investor).
pub(super) const CURVE_OF_INVESTOR: &str = "SELECT w.week_ending, t.cumulative
    FROM week_reports w CROSS JOIN investor_totals t
      ON t.source = w.source AND t.week_ending = +w.week_ending AND t.investor = ?2
    WHERE w.source = ?1
    ORDER BY w.week_ending";

/// `100 · paid / plan`; NaN when the plan is zero.
fn rate(paid: f64, plan: f64) -> f64 {
    if plan > 0.0 {
        100.0 * paid / plan
    } else {
        f64::NAN
    }
}

/// One row of a [`Status`]: a project, an investor, a capital source or the province.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRow {
    /// The code (project, investor, capital source; `province` for the province).
    pub key: String,
    pub name: String,
    /// Plan in force on the date (kế hoạch vốn giao), million VND.
    pub plan: f64,
    /// Cumulative payments to the date, million VND.
    pub paid: f64,
    /// `100 · paid / plan` (NaN for a zero plan).
    pub rate_pct: f64,
    pub plan_before: f64,
    pub paid_before: f64,
    pub rate_before_pct: f64,
    /// `rate_pct − rate_before_pct` = `from_payments_pp + from_plan_pp`.
    pub change_pp: f64,
    /// `(paid − paid_before) / plan`, points.
    pub from_payments_pp: f64,
    /// `paid_before / plan − paid_before / plan_before`, points.
    pub from_plan_pp: f64,
    /// Projects counted.
    pub projects: usize,
}

/// A plan revision that took effect in a status's period.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRevisionRow {
    pub project: String,
    pub investor: String,
    pub effective: Date,
    /// The plan line's capital source (the project's own for a project with one).
    pub capital_source: String,
    /// The line's plan in force the day before (0 for a first allocation), million VND.
    pub previous: f64,
    pub amount: f64,
    pub decision: String,
}

/// The status as of a date against the status at an earlier one (a week before, by default).
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub as_of: Date,
    /// The week used and how many projects reported it.
    pub coverage: Coverage,
    pub since: Date,
    pub level: Level,
    pub source: PaymentSource,
    pub rows: Vec<StatusRow>,
    /// The province.
    pub total: StatusRow,
    /// The plan revisions effective in `(since, as_of]`: why the plan moved.
    pub revisions: Vec<PlanRevisionRow>,
}

/// How investors are ranked (xếp hạng chủ đầu tư theo tỷ lệ giải ngân).
///
/// Investors are ordered by rate, highest first, on the Treasury's figures. The rate is
/// compared as published, rounded to `decimals` places: investors with the same published rate
/// share a rank and the next rank skips (1, 2, 2, 4), listed by larger plan first. An
/// investor whose plan in force is below `min_share_pct` of the province's plan is a tiny
/// portfolio: one payment swings its rate, so it is listed after the ranked ones without a
/// rank (and so is an investor with a zero plan).
///
/// # Examples
/// ```
/// use grdpsim::disbursement::RankingRule;
/// let rule = RankingRule::new(2, 0.0)?;
/// assert_eq!((rule.decimals(), rule.min_share_pct()), (2, 0.0));
/// assert!(RankingRule::new(1, 150.0).is_err());
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankingRule {
    decimals: u32,
    min_share_pct: f64,
}

impl Default for RankingRule {
    fn default() -> Self {
        Self {
            decimals: 1,
            min_share_pct: 0.5,
        }
    }
}

impl RankingRule {
    /// The most decimals a rate is rounded to before ranking.
    pub const MAX_DECIMALS: u32 = 6;

    /// Rates rounded to `decimals` (0 to [`RankingRule::MAX_DECIMALS`]) before ranking;
    /// investors whose plan is below `min_share_pct` (0 to 100) of the province's not ranked.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::InvalidArgument`] naming `decimals` or `min_share_pct` and the
    /// value given, outside those ranges (or not a number).
    pub fn new(decimals: u32, min_share_pct: f64) -> Result<Self> {
        if decimals > Self::MAX_DECIMALS {
            return Err(crate::GrdpsimError::invalid_argument(
                "decimals",
                format!(
                    "{decimals}: a ranking rounds rates to 0 to {} decimals",
                    Self::MAX_DECIMALS
                ),
            ));
        }
        if !min_share_pct.is_finite() || !(0.0..=100.0).contains(&min_share_pct) {
            return Err(crate::GrdpsimError::invalid_argument(
                "min_share_pct",
                format!("{min_share_pct}: a share of the province's plan lies in [0, 100] percent"),
            ));
        }
        Ok(Self {
            decimals,
            min_share_pct,
        })
    }

    /// Decimals the rates are rounded to before ranking.
    pub fn decimals(&self) -> u32 {
        self.decimals
    }

    /// The smallest share of the province's plan, percent, that an investor is ranked with.
    pub fn min_share_pct(&self) -> f64 {
        self.min_share_pct
    }
}

/// One investor in a [`Ranking`].
#[derive(Debug, Clone, PartialEq)]
pub struct RankRow {
    /// None for an investor not ranked (tiny portfolio, zero plan).
    pub rank: Option<usize>,
    pub investor: String,
    pub name: String,
    pub plan: f64,
    pub paid: f64,
    pub rate_pct: f64,
    /// `rate_pct − province_rate_pct`.
    pub vs_province_pp: f64,
    pub projects: usize,
    /// Why an investor is not ranked, or empty.
    pub note: String,
    /// Paid against the investor's own weekly plan: `100 · paid / planned` over its projects
    /// with one, from each project's first planned week to the date (NaN without a weekly
    /// plan).
    pub weekly_plan_pct: f64,
}

/// Why an investor is not ranked (a typed message of [`Ranking::unranked`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unranked {
    /// Its plan in force is below `min_share_pct` of the province's: a tiny portfolio.
    SmallPlan { min_share_pct: f64 },
    /// It has no plan in force.
    NoPlan,
}

impl Unranked {
    /// Why an investor with `plan` in force is not ranked under `rule`.
    fn of(plan: f64, rule: &RankingRule) -> Self {
        if plan > 0.0 {
            Self::SmallPlan {
                min_share_pct: rule.min_share_pct,
            }
        } else {
            Self::NoPlan
        }
    }

    /// The note in `lang`.
    #[must_use]
    pub fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (Self::SmallPlan { min_share_pct }, Lang::En) => format!(
                "not ranked: plan below {}% of the province's",
                lang.shortest(min_share_pct)
            ),
            (Self::SmallPlan { min_share_pct }, Lang::Vi) => format!(
                "không xếp hạng: kế hoạch dưới {}% kế hoạch của tỉnh",
                lang.shortest(min_share_pct)
            ),
            (Self::NoPlan, Lang::En) => "not ranked: no plan in force".to_owned(),
            (Self::NoPlan, Lang::Vi) => "không xếp hạng: chưa có kế hoạch vốn".to_owned(),
        }
    }
}

impl Ranking {
    /// Why the investor of `row` is not ranked, or `None` when it is.
    #[must_use]
    pub fn unranked(&self, row: &RankRow) -> Option<Unranked> {
        row.rank
            .is_none()
            .then(|| Unranked::of(row.plan, &self.rule))
    }

    /// [`RankRow::note`] in `lang`: [`Ranking::unranked`]'s text, or empty.
    #[must_use]
    pub fn note_in(&self, row: &RankRow, lang: Lang) -> String {
        self.unranked(row)
            .map_or_else(String::new, |u| u.text(lang))
    }
}

/// Investors ranked by disbursement rate, with the province's rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub as_of: Date,
    /// The week used and how many projects reported it.
    pub coverage: Coverage,
    pub rule: RankingRule,
    /// The province's rate (total paid / total plan).
    pub province_rate_pct: f64,
    /// The unweighted mean of the ranked investors' rates.
    pub mean_ranked_rate_pct: f64,
    pub rows: Vec<RankRow>,
}

/// Schedule performance band of `SPI = paid / planned to date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// 0.95 and above.
    Green,
    /// 0.90 to 0.95.
    Amber,
    /// Below 0.90.
    Red,
    /// Nothing planned to date.
    None,
}

impl Band {
    fn of(spi: f64) -> Self {
        if spi.is_nan() {
            Self::None
        } else if spi >= 0.95 {
            Self::Green
        } else if spi >= 0.90 {
            Self::Amber
        } else {
            Self::Red
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
            Self::None => "",
        }
    }
}

/// Count-down (trừ lùi) of a project or an investor.
#[derive(Debug, Clone, PartialEq)]
pub struct CountdownRow {
    pub key: String,
    pub name: String,
    pub plan: f64,
    pub paid: f64,
    /// `plan − paid` (never below 0).
    pub remaining: f64,
    /// The plan cumulated to the date: the investor's weekly plan where it exists, the
    /// monthly plan otherwise (the current week or month pro rata to the day).
    pub planned_to_date: f64,
    /// Which plan `planned_to_date` (and so `behind`, `spi` and `band`) comes from.
    pub plan_basis: PlanBasis,
    /// `planned_to_date − paid` where positive: behind the monthly plan by this much.
    pub behind: f64,
    /// `paid / planned_to_date` (NaN when nothing is planned yet).
    pub spi: f64,
    pub band: Band,
    pub weeks_left: u32,
    /// `remaining / weeks_left`: what each remaining week must pay.
    pub needed_per_week: f64,
    /// Paid per week over the last four weeks.
    pub recent_per_week: f64,
}

/// A project with no payment in the last N weeks and something left to pay.
#[derive(Debug, Clone, PartialEq)]
pub struct StalledRow {
    pub project: String,
    pub name: String,
    pub investor: String,
    pub responsible: String,
    pub plan: f64,
    pub paid: f64,
    pub last_payment: Option<Date>,
    /// The weekly plan when the project has one for a week in the window (then a project
    /// that planned nothing for those weeks is not stalled), else the monthly plan.
    pub plan_basis: PlanBasis,
    /// What that plan called for in the window, million VND.
    pub planned_in_window: f64,
}

/// Cumulative investor-reported against Treasury-recorded payments of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct DifferenceRow {
    pub project: String,
    pub investor: String,
    pub reported: f64,
    pub treasury: f64,
    /// `reported − treasury`.
    pub difference: f64,
    /// Weeks where the two figures differ (a missing figure counts as 0: the investor's 0
    /// against nothing from the Treasury is no difference).
    pub weeks_differing: usize,
}

/// An obstacle (vướng mắc) past its deadline and not resolved (open, in progress or
/// escalated).
#[derive(Debug, Clone, PartialEq)]
pub struct ObstacleRow {
    pub project: String,
    pub investor: String,
    pub description: String,
    pub agency: String,
    pub person: String,
    pub deadline: Date,
    pub days_overdue: i32,
    pub status: ObstacleStatus,
}

/// A point of the S-curve: cumulative planned and actual disbursement at a week's end.
#[derive(Debug, Clone, PartialEq)]
pub struct SCurvePoint {
    pub date: Date,
    /// Cumulative monthly plan to the date (pro rata within a month).
    pub planned: f64,
    /// Cumulative payments (NaN after the as-of date).
    pub actual: f64,
    /// Plan in force on the date.
    pub plan_in_force: f64,
}

/// The year-end projection at the current pace and under the monthly plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub as_of: Date,
    /// The week used and how many projects reported it.
    pub coverage: Coverage,
    pub plan: f64,
    pub paid: f64,
    pub rate_pct: f64,
    /// Paid per week over the last four weeks.
    pub weekly_pace: f64,
    pub weeks_left: u32,
    /// `paid + weekly_pace · weeks_left`.
    pub at_pace: f64,
    pub at_pace_rate_pct: f64,
    /// `paid +` the monthly plan still to come after the date.
    pub under_plan: f64,
    pub under_plan_rate_pct: f64,
}

/// project, investor, effective, amount, previous amount, decision, capital source
type RevisionTuple = (String, String, String, f64, f64, String, String);
/// project, investor, description, agency, person, deadline, status
type ObstacleTuple = (String, String, String, String, String, String, String);

/// A project's line in the store, with its investor's name ([`Tracker::project_info`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectInfo {
    pub code: String,
    pub name: String,
    pub investor: String,
    pub investor_name: String,
    /// The project's own capital source: that of its plan lines and payments given without
    /// one (a project may have lines in other sources too).
    pub source: String,
    pub responsible: String,
    pub location: String,
}

/// A project's week: the week ending, the investor's and the Treasury's payment that week.
pub type WeekPayments = (String, Option<f64>, Option<f64>);

const PROJECT_INFO: &str = "SELECT p.code, p.name, p.investor, i.name, p.capital_source, \
     p.responsible, p.location FROM projects p JOIN investors i ON i.code = p.investor";

fn project_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProjectInfo> {
    Ok(ProjectInfo {
        code: r.get(0)?,
        name: r.get(1)?,
        investor: r.get(2)?,
        investor_name: r.get(3)?,
        source: r.get(4)?,
        responsible: r.get(5)?,
        location: r.get(6)?,
    })
}

impl Tracker {
    /// Every project, by code ([`Tracker::projects_info`]). The projects are read in the table's order and sorted here,
    /// and their investors' names taken from the investors read once, rather than a join
    /// and an `ORDER BY` that seek twice a project.
    pub(super) fn read_projects_info(&self) -> Result<Vec<ProjectInfo>> {
        let store = self.store();
        let investors: Vec<(String, String)> =
            store.query_tuples("SELECT code, name FROM investors", [])?;
        let by_code: HashMap<&str, &str> = investors
            .iter()
            .map(|(code, name)| (code.as_str(), name.as_str()))
            .collect();
        let mut projects: Vec<ProjectInfo> = store.query_rows(
            "SELECT code, name, investor, capital_source, responsible, location FROM projects",
            [],
            |r| {
                let investor: String = r.get(2)?;
                Ok(ProjectInfo {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    investor_name: by_code
                        .get(investor.as_str())
                        .map_or_else(String::new, |n| (*n).to_owned()),
                    investor,
                    source: r.get(3)?,
                    responsible: r.get(4)?,
                    location: r.get(5)?,
                })
            },
        )?;
        projects.sort_unstable_by(|a, b| a.code.cmp(&b.code));
        Ok(projects)
    }

    /// One project's line, or None for a code the store does not have.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn project_info(&self, code: &str) -> Result<Option<ProjectInfo>> {
        self.store().query_opt(
            &format!("{PROJECT_INFO} WHERE p.code = ?1"),
            [code],
            project_row,
        )
    }

    /// The codes of the `n` investors with the most projects, most first (ties by code).
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn investors_by_projects(&self, n: usize) -> Result<Vec<String>> {
        self.store().query_rows(
            "SELECT investor FROM projects GROUP BY investor
             ORDER BY count(*) DESC, investor LIMIT ?1",
            [n as i64],
            |r| r.get(0),
        )
    }

    /// Every investor (code, name), by code.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn investors(&self) -> Result<Vec<(String, String)>> {
        self.store()
            .query_rows("SELECT code, name FROM investors ORDER BY code", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
    }

    /// The investor's name, if the store has the investor `code`.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn investor_name(&self, code: &str) -> Result<Option<String>> {
        self.store()
            .query_opt("SELECT name FROM investors WHERE code = ?1", [code], |r| {
                r.get(0)
            })
    }

    /// The projects of `investor` (code, name), by code.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn projects_of(&self, investor: &str) -> Result<Vec<(String, String)>> {
        self.store().query_tuples(
            "SELECT code, name FROM projects WHERE investor = ?1 ORDER BY code",
            [investor],
        )
    }

    /// A project's weeks, latest first: the week ending and the investor's and the Treasury's
    /// payment that week (each `None` where that source has no figure).
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn payment_history(&self, project: &str) -> Result<Vec<WeekPayments>> {
        self.store().query_tuples(PAYMENT_HISTORY, [project])
    }

    /// A project's obstacles, latest reported first, as text: description, reported, agency,
    /// person, deadline (empty when none), status, resolution.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn obstacles_of(&self, project: &str) -> Result<Vec<[String; 7]>> {
        self.store().query_rows(
            "SELECT description, reported, agency, person, coalesce(deadline, ''), status,
                    resolution
             FROM obstacles WHERE project = ?1 ORDER BY reported DESC",
            [project],
            |r| Ok([0, 1, 2, 3, 4, 5, 6].map(|i| r.get::<_, String>(i).unwrap_or_default())),
        )
    }

    /// How many projects the store has.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn project_count(&self) -> Result<usize> {
        let n: Option<i64> = self
            .store()
            .query_opt("SELECT count(*) FROM projects", [], |r| r.get(0))?;
        Ok(n.unwrap_or(0).max(0) as usize)
    }

    /// Plan in force per project of `codes` (sorted) on each of `dates`, aligned with them,
    /// from one ordered pass over the revisions: the sum of the project's plan lines (one a
    /// capital source), each line's latest revision effective by a date (0 for a project with
    /// none).
    pub(super) fn plans_of(&self, codes: &[&str], dates: &[Date]) -> Result<Vec<Vec<f64>>> {
        let mut out = vec![vec![0.0; codes.len()]; dates.len()];
        let Some(last) = dates.iter().max() else {
            return Ok(out);
        };
        let keys: Vec<String> = dates.iter().map(ToString::to_string).collect();
        let mut at = 0;
        // The line being read (its project's index and its source) and its plan on each date,
        // added to its project's when the next line starts.
        let mut line: Option<(usize, String)> = None;
        let mut in_force = vec![0.0; dates.len()];
        let mut flush = |line: &Option<(usize, String)>, in_force: &mut Vec<f64>| {
            if let Some((i, _)) = line {
                for (column, x) in out.iter_mut().zip(in_force.iter()) {
                    column[*i] += x;
                }
            }
            in_force.fill(0.0);
        };
        self.store().query_rows::<(), ()>(
            "SELECT project, capital_source, effective, amount FROM plan_revisions
             WHERE effective <= ?1 ORDER BY project, capital_source, effective",
            [last.to_string()],
            |r| {
                let Some(i) = position(codes, &mut at, r.get_ref(0)?.as_str()?) else {
                    return Ok(());
                };
                let source = r.get_ref(1)?.as_str()?;
                if line.as_ref().is_none_or(|(j, s)| *j != i || s != source) {
                    flush(&line, &mut in_force);
                    line = Some((i, source.to_owned()));
                }
                let effective = r.get_ref(2)?.as_str()?;
                let amount: f64 = r.get(3)?;
                for (x, key) in in_force.iter_mut().zip(&keys) {
                    if effective <= key.as_str() {
                        *x = amount;
                    }
                }
                Ok(())
            },
        )?;
        flush(&line, &mut in_force);
        Ok(out)
    }

    /// Status as of `as_of` against a week before: plan in force, cumulative paid, rate, and
    /// the week's change split into payments and plan revisions.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn status(&self, as_of: Date, level: Level) -> Result<Status> {
        self.status_between(as_of.add_days(-7), as_of, level)
    }

    /// Status as of `as_of` against `since` (see the module docs for the split of the change).
    ///
    /// # Errors
    /// [`crate::GrdpsimError::InvalidDate`] if `since` is after `as_of` (the change would be
    /// read backwards); [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn status_between(&self, since: Date, as_of: Date, level: Level) -> Result<Status> {
        if since > as_of {
            return Err(GrdpsimError::InvalidDate {
                argument: "since".into(),
                value: since.to_string(),
                reason: format!("after as_of {as_of}: the change is measured from since to as_of"),
            });
        }
        let (rows, total) = self.status_rows(since, as_of, level)?;
        Ok(Status {
            as_of,
            coverage: self.coverage(as_of)?,
            since,
            level,
            source: self.source,
            rows,
            total,
            revisions: self.revisions_between(since, as_of)?,
        })
    }

    /// The province's row of [`Tracker::status`] on `as_of` (without the status's coverage and
    /// plan revisions, which a caller wanting the province's figures alone does not read).
    pub(super) fn province_total(&self, as_of: Date) -> Result<StatusRow> {
        Ok(self
            .status_rows(as_of.add_days(-7), as_of, Level::Province)?
            .1)
    }

    /// A status's rows and its province row: by investor and for the province from the kept
    /// aggregates per investor ([`Tracker::investor_sums`]), by project and capital source from
    /// the projects' figures.
    fn status_rows(
        &self,
        since: Date,
        as_of: Date,
        level: Level,
    ) -> Result<(Vec<StatusRow>, StatusRow)> {
        if matches!(level, Level::Investor | Level::Province) {
            let sums = self.investor_sums(Some(since), as_of)?;
            let total = self.province_row(&sums);
            let rows = if level == Level::Province {
                // One row, as the province's one group of projects (none without projects).
                (total.projects > 0)
                    .then(|| total.clone())
                    .into_iter()
                    .collect()
            } else {
                sums.keys
                    .iter()
                    .zip(&sums.figures)
                    .zip(&sums.projects)
                    .map(|(((key, name), v), n)| status_row(key, name, *v, *n))
                    .collect()
            };
            return Ok((rows, total));
        }
        let groups = self.groups(level)?;
        let codes: Vec<&str> = groups.codes.iter().map(String::as_str).collect();
        let mut plans = self.plans_of(&codes, &[since, as_of])?.into_iter();
        let (b0, b1) = (
            plans.next().unwrap_or_default(),
            plans.next().unwrap_or_default(),
        );
        // Each from the running totals of its week: one range scan.
        let p1 = self.paid_of(&codes, as_of)?;
        let p0 = self.paid_of(&codes, since)?;
        let mut sums = vec![([0.0; 4], 0); groups.keys.len()];
        let mut total = [0.0; 4];
        let by_line = if level == Level::CapitalSource {
            Some(self.line_figures(since, as_of)?)
        } else {
            None
        };
        // By capital source: each plan line in its own source (a project with none counts in
        // its own source with nothing).
        let mut by_source: std::collections::BTreeMap<String, ([f64; 4], usize)> =
            std::collections::BTreeMap::new();
        for (k, g) in groups.of.iter().enumerate() {
            let v = [b1[k], p1[k], b0[k], p0[k]];
            add_into(&mut total, &v);
            if let Some(lines) = &by_line {
                match lines.get(&groups.codes[k]) {
                    Some(lines) => {
                        for (s, v) in lines {
                            let sum = by_source.entry(s.clone()).or_default();
                            add_into(&mut sum.0, v);
                            sum.1 += 1;
                        }
                    }
                    None => by_source.entry(groups.keys[*g].0.clone()).or_default().1 += 1,
                }
            } else {
                let sum = &mut sums[*g];
                add_into(&mut sum.0, &v);
                sum.1 += 1;
            }
        }
        let rows = if by_line.is_some() {
            by_source
                .iter()
                .map(|(key, (v, n))| status_row(key, key, *v, *n))
                .collect()
        } else {
            groups
                .keys
                .iter()
                .zip(sums)
                .map(|((key, name), (v, n))| status_row(key, name, v, n))
                .collect()
        };
        let total = status_row("province", &self.province, total, codes.len());
        Ok((rows, total))
    }

    /// The plan revisions effective in `(after, to]`, with the plan each replaced.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn revisions_between(&self, after: Date, to: Date) -> Result<Vec<PlanRevisionRow>> {
        let found: Result<Vec<RevisionTuple>> = self.store().query_tuples(
            "SELECT r.project, p.investor, r.effective, r.amount,
                        coalesce((SELECT q.amount FROM plan_revisions q
                                  WHERE q.project = r.project
                                    AND q.capital_source = r.capital_source
                                    AND q.effective < r.effective
                                  ORDER BY q.effective DESC LIMIT 1), 0),
                        r.decision, r.capital_source
                 FROM plan_revisions r JOIN projects p ON p.code = r.project
                 WHERE r.effective > ?1 AND r.effective <= ?2
                 ORDER BY r.effective, r.project, r.capital_source",
            params![after.to_string(), to.to_string()],
        );
        let rows = found?;
        rows.into_iter()
            .map(
                |(project, investor, eff, amount, previous, decision, source)| {
                    Ok(PlanRevisionRow {
                        project,
                        investor,
                        effective: eff.parse()?,
                        capital_source: source,
                        previous,
                        amount,
                        decision,
                    })
                },
            )
            .collect()
    }

    /// Investors ranked by rate as of `as_of` (see [`RankingRule`]).
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn ranking(&self, as_of: Date, rule: RankingRule) -> Result<Ranking> {
        Ok(self.ranking_and_total(as_of, rule)?.0)
    }

    /// The province's status row from the investors' figures ([`Tracker::investor_sums`]):
    /// their sums and their count of projects (each project has one investor).
    fn province_row(&self, sums: &InvestorSums) -> StatusRow {
        let mut total = [0.0; 4];
        for v in &sums.figures {
            add_into(&mut total, v);
        }
        let projects = sums.projects.iter().sum();
        status_row("province", &self.province, total, projects)
    }

    /// The ranking and the province's row it ranks against (plan and paid on `as_of`; the
    /// figures of the week before are not read, 0), from one read of the kept aggregates per
    /// investor: the province's row is the sum of the investors' rows.
    pub(super) fn ranking_and_total(
        &self,
        as_of: Date,
        rule: RankingRule,
    ) -> Result<(Ranking, StatusRow)> {
        let sums = self.investor_sums(None, as_of)?;
        let total = self.province_row(&sums);
        let province = total.rate_pct;
        let scale = 10f64.powi(rule.decimals as i32);
        let threshold = total.plan * rule.min_share_pct / 100.0;
        // Each investor by its index (the investors are in code order, so comparing indexes
        // compares codes): plan, rate and published rate, sorted without touching a string.
        let plans: Vec<f64> = sums.figures.iter().map(|v| v[0]).collect();
        let rates: Vec<f64> = sums.figures.iter().map(|v| rate(v[1], v[0])).collect();
        let published: Vec<f64> = rates.iter().map(|r| (r * scale).round() / scale).collect();
        let (mut ranked, mut unranked): (Vec<usize>, Vec<usize>) =
            (0..plans.len()).partition(|&i| plans[i] > 0.0 && plans[i] >= threshold);
        ranked.sort_unstable_by(|&a, &b| {
            published[b]
                .total_cmp(&published[a])
                .then(plans[b].total_cmp(&plans[a]))
                .then(a.cmp(&b))
        });
        unranked.sort_unstable_by(|&a, &b| plans[b].total_cmp(&plans[a]).then(a.cmp(&b)));
        let mean = if ranked.is_empty() {
            f64::NAN
        } else {
            ranked.iter().map(|&i| rates[i]).sum::<f64>() / ranked.len() as f64
        };
        let mut keys = sums.keys;
        let mut row = |i: usize, rank: Option<usize>, note: String| {
            let (investor, name) = std::mem::take(&mut keys[i]);
            let [plan, paid, ..] = sums.figures[i];
            RankRow {
                rank,
                investor,
                name,
                plan,
                paid,
                rate_pct: rates[i],
                vs_province_pp: rates[i] - province,
                projects: sums.projects[i],
                note,
                weekly_plan_pct: f64::NAN,
            }
        };
        let mut rows = Vec::with_capacity(plans.len());
        let mut rank = 0;
        let mut last: Option<f64> = None;
        for (k, &i) in ranked.iter().enumerate() {
            if last != Some(published[i]) {
                rank = k + 1;
                last = Some(published[i]);
            }
            rows.push(row(i, Some(rank), String::new()));
        }
        for &i in &unranked {
            let note = Unranked::of(plans[i], &rule).text(Lang::En);
            rows.push(row(i, None, note));
        }
        self.fill_weekly_plan_pct(as_of, &mut rows)?;
        let ranking = Ranking {
            as_of,
            // The store's projects are the investors' (each project has one).
            coverage: self.coverage_of(as_of, total.projects)?,
            rule,
            province_rate_pct: province,
            mean_ranked_rate_pct: mean,
            rows,
        };
        Ok((ranking, total))
    }

    /// Monthly plan per project of `codes` (sorted), cumulated to each of `dates` (the month
    /// of a date pro rata to the day), aligned with them: one read of the monthly plans for
    /// all the dates, each project's rows added in month order.
    fn planned_to(&self, codes: &[&str], dates: &[Date]) -> Result<Vec<Vec<f64>>> {
        let labels: Vec<String> = dates.iter().map(|d| d.month_label()).collect();
        let fractions: Vec<f64> = dates.iter().map(|d| Self::month_fraction(*d)).collect();
        let mut out = vec![vec![0.0; codes.len()]; dates.len()];
        let Some(last) = labels.iter().max() else {
            return Ok(out);
        };
        let mut at = 0;
        self.store().query_rows::<(), ()>(
            "SELECT project, month, amount FROM monthly_plans WHERE month <= ?1
             ORDER BY project, month",
            [last],
            |r| {
                let Some(i) = position(codes, &mut at, r.get_ref(0)?.as_str()?) else {
                    return Ok(());
                };
                let month = r.get_ref(1)?.as_str()?;
                let amount: f64 = r.get(2)?;
                for ((column, label), fraction) in out.iter_mut().zip(&labels).zip(&fractions) {
                    let share = match month.cmp(label.as_str()) {
                        std::cmp::Ordering::Less => 1.0,
                        std::cmp::Ordering::Equal => *fraction,
                        std::cmp::Ordering::Greater => continue,
                    };
                    column[i] += amount * share;
                }
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// The share of `d`'s month gone by the end of `d`: a month's plan is due evenly over it.
    pub(super) fn month_fraction(d: Date) -> f64 {
        let (y, m, day) = d.ymd();
        f64::from(day) / f64::from(days_in_month(y, m))
    }

    /// Weeks from `d` to 31 December, rounded up, at least 1.
    fn weeks_left(d: Date) -> u32 {
        let days = d.year_end().days_since(d).max(0);
        ((days + 6) / 7).max(1) as u32
    }

    /// Count-down (trừ lùi) by project or investor as of `as_of`, the furthest behind the
    /// monthly plan first.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::InvalidArgument`] for a level other than project or investor;
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn countdown(&self, as_of: Date, level: Level) -> Result<Vec<CountdownRow>> {
        if !matches!(level, Level::Project | Level::Investor) {
            return Err(crate::GrdpsimError::invalid_argument(
                "level",
                "the count-down is by project or by investor",
            ));
        }
        let (projects, figures) = self.countdown_figures(as_of, None)?;
        Ok(Self::countdown_rows(as_of, &projects, &figures, level))
    }

    /// [`Tracker::countdown`] of one investor's projects: its projects' rows and its own row
    /// (`None` for an investor without projects), from the figures of its projects alone,
    /// read once for both (the investor's page read the province's count-down twice, by
    /// project and by investor, and kept one investor's rows, issue 27).
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn investor_countdown(
        &self,
        as_of: Date,
        investor: &str,
    ) -> Result<(Vec<CountdownRow>, Option<CountdownRow>)> {
        let (projects, figures) = self.countdown_figures(as_of, Some(investor))?;
        let rows = Self::countdown_rows(as_of, &projects, &figures, Level::Project);
        let total = Self::countdown_rows(as_of, &projects, &figures, Level::Investor)
            .into_iter()
            .next();
        Ok((rows, total))
    }

    /// The projects of `investor` (every project for `None`), by code, and each one's
    /// count-down figures: plan in force, paid, planned to date, paid in the last four weeks,
    /// and the basis of its planned to date.
    pub(super) fn countdown_figures(
        &self,
        as_of: Date,
        investor: Option<&str>,
    ) -> Result<(Vec<ProjectInfo>, Vec<CountdownFigures>)> {
        let mut projects = self.projects_info()?;
        if let Some(inv) = investor {
            projects.retain(|p| p.investor == inv);
        }
        let codes = codes_of(&projects);
        let plan = self.plans_of(&codes, &[as_of])?.pop().unwrap_or_default();
        let paid = self.paid_of(&codes, as_of)?;
        let by_basis = self.planned_by_basis(as_of, investor)?;
        let four_weeks_before = self.paid_of(&codes, as_of.add_days(-28))?;
        let figures = projects
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let planned = by_basis.get(&p.code);
                let recent = paid[k] - four_weeks_before[k];
                (
                    [plan[k], paid[k], planned.map_or(0.0, |b| b.amount), recent],
                    planned.map_or(PlanBasis::None, |b| b.basis),
                )
            })
            .collect();
        Ok((projects, figures))
    }

    /// The count-down's rows by project or by investor from its projects' figures
    /// ([`Tracker::countdown_figures`]), the furthest behind first.
    pub(super) fn countdown_rows(
        as_of: Date,
        projects: &[ProjectInfo],
        figures: &[CountdownFigures],
        level: Level,
    ) -> Vec<CountdownRow> {
        let weeks_left = Self::weeks_left(as_of);
        let mut groups: BTreeMap<&str, (&str, [f64; 4], PlanBasis)> = BTreeMap::new();
        for (p, (v, basis)) in projects.iter().zip(figures) {
            let (key, name) = if level == Level::Project {
                (p.code.as_str(), p.name.as_str())
            } else {
                (p.investor.as_str(), p.investor_name.as_str())
            };
            let g = groups
                .entry(key)
                .or_insert((name, [0.0; 4], PlanBasis::None));
            g.2 = g.2.and(*basis);
            for (sum, x) in g.1.iter_mut().zip(v) {
                *sum += x;
            }
        }
        let mut rows: Vec<CountdownRow> = groups
            .into_iter()
            .map(|(key, (name, [plan, paid, planned, recent], plan_basis))| {
                let remaining = (plan - paid).max(0.0);
                let spi = if planned > 0.0 {
                    paid / planned
                } else {
                    f64::NAN
                };
                CountdownRow {
                    plan_basis,
                    key: key.to_owned(),
                    name: name.to_owned(),
                    plan,
                    paid,
                    remaining,
                    planned_to_date: planned,
                    behind: (planned - paid).max(0.0),
                    spi,
                    band: Band::of(spi),
                    weeks_left,
                    needed_per_week: remaining / f64::from(weeks_left),
                    recent_per_week: recent / 4.0,
                }
            })
            .collect();
        rows.sort_by(|a, b| b.behind.total_cmp(&a.behind).then(a.key.cmp(&b.key)));
        rows
    }

    /// The latest week ending on or before `as_of` in which each project of `codes` (sorted)
    /// was paid something from the tracker's source, aligned with them: the weeks walked back
    /// once for them all ([`week_walk::walk`]: only the stalled projects ask, each dropping out
    /// when found; one never paid walks every week).
    fn last_payments(&self, codes: &[&str], as_of: Date) -> Result<Vec<Option<Date>>> {
        let store = self.store();
        let (conn, source) = (store.connection(), self.source.as_str());
        let mut last = vec![None; codes.len()];
        let mut wanted = vec![true; codes.len()];
        let day = as_of.to_string();
        let mut read = || -> rusqlite::Result<()> {
            let weeks = reports_by_week(conn, source)?;
            let to_day = weeks.iter().filter(|(w, _)| *w <= day);
            week_walk::walk(
                conn,
                source,
                to_day,
                codes,
                &mut wanted,
                SEEK_COST,
                |i, l| {
                    let paid = l.amount > 0.0;
                    if paid {
                        last[i] = Some(l.week.to_owned());
                    }
                    paid
                },
            )
        };
        read().map_err(|e| store.error(&e))?;
        last.into_iter()
            .map(|w| w.map(|w| w.parse()).transpose())
            .collect()
    }

    /// Projects with something left to pay and no payment in the `weeks` weeks to `as_of`.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn stalled(&self, as_of: Date, weeks: u32) -> Result<Vec<StalledRow>> {
        let projects = self.projects_info()?;
        let codes = codes_of(&projects);
        let plan = self.plans_of(&codes, &[as_of])?.pop().unwrap_or_default();
        let paid = self.paid_of(&codes, as_of)?;
        self.stalled_among(as_of, weeks, projects, &plan, &paid)
    }

    /// [`Tracker::stalled`] of `projects` (by code) whose plan in force and paid on `as_of`
    /// are already read (`plan`, `paid`, aligned with them): the proposals read them once
    /// for the count-down and the stalled projects.
    pub(super) fn stalled_among(
        &self,
        as_of: Date,
        weeks: u32,
        projects: Vec<ProjectInfo>,
        plan: &[f64],
        paid: &[f64],
    ) -> Result<Vec<StalledRow>> {
        let codes = codes_of(&projects);
        let window = as_of.add_days(-7 * weeks as i32);
        let paid_then = self.paid_of(&codes, window)?;
        let weekly = self.weekly_planned_between(window, as_of)?;
        let mut monthly = self.planned_to(&codes, &[window, as_of])?.into_iter();
        let (monthly_then, monthly_now) = (
            monthly.next().unwrap_or_default(),
            monthly.next().unwrap_or_default(),
        );
        let mut out = Vec::new();
        for (k, p) in projects.into_iter().enumerate() {
            let (b, pd) = (plan[k], paid[k]);
            let (plan_basis, planned_in_window) = match weekly.get(&p.code) {
                Some(w) => (PlanBasis::Weekly, *w),
                None => (PlanBasis::Monthly, monthly_now[k] - monthly_then[k]),
            };
            // A weekly plan of nothing for the window is a pause the investor announced.
            let pause = plan_basis == PlanBasis::Weekly && planned_in_window <= 0.0;
            if b - pd > 0.0 && !pause && pd - paid_then[k] <= 0.0 {
                out.push(StalledRow {
                    // Read for all the stalled projects at once, below.
                    last_payment: None,
                    project: p.code,
                    name: p.name,
                    investor: p.investor,
                    responsible: p.responsible,
                    plan: b,
                    paid: pd,
                    plan_basis,
                    planned_in_window,
                });
            }
        }
        let last = {
            let stalled: Vec<&str> = out.iter().map(|r| r.project.as_str()).collect();
            self.last_payments(&stalled, as_of)?
        };
        for (row, last) in out.iter_mut().zip(last) {
            row.last_payment = last;
        }
        out.sort_by(|a, b| (b.plan - b.paid).total_cmp(&(a.plan - a.paid)));
        Ok(out)
    }

    /// Projects whose investor-reported payments differ from the Treasury's, cumulated to
    /// `as_of`, by absolute difference (largest first); differences within `tolerance`
    /// (million VND) are left out.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn differences(&self, as_of: Date, tolerance: f64) -> Result<Vec<DifferenceRow>> {
        let mut projects = self.projects_info()?;
        // The projects that may differ by more than the tolerance, from the two sources'
        // running totals (one range scan each): a project whose weeks all agree has equal
        // sums, so only these are read week by week. The margin covers the rounding by which
        // a running total, kept through corrections, may stray from the sum of its weeks.
        {
            let codes = codes_of(&projects);
            let (r, t) = (
                self.paid_in(PaymentSource::Investor, &codes, as_of)?,
                self.paid_in(PaymentSource::Treasury, &codes, as_of)?,
            );
            let mut k = 0;
            projects.retain(|_| {
                let (r, t) = (r[k], t[k]);
                k += 1;
                (r - t).abs() > tolerance - 1e-9 * (1.0 + r.abs() + t.abs())
            });
        }
        let codes = codes_of(&projects);
        // Each source's project-weeks in project and week order, merged: each project's two
        // sums add its weeks in week order, and a week counts as differing when its two
        // figures do (a missing one as 0), as reconciliation::differ says.
        let reported = self.week_sums(PaymentSource::Investor, as_of, &codes)?;
        let treasury = self.week_sums(PaymentSource::Treasury, as_of, &codes)?;
        let mut by_project = vec![(0.0, 0.0, 0usize); codes.len()];
        let (mut r, mut t) = (reported.iter().peekable(), treasury.iter().peekable());
        let key = |x: &&(usize, [u8; 10], f64)| (x.0, x.1);
        loop {
            let (i, week) = match (r.peek().map(key), t.peek().map(key)) {
                (None, None) => break,
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
            };
            let figures = [&mut r, &mut t].map(|s| s.next_if(|x| key(x) == (i, week)).map(|x| x.2));
            let e = &mut by_project[i];
            e.0 += figures[0].unwrap_or(0.0);
            e.1 += figures[1].unwrap_or(0.0);
            if super::reconciliation::differ(figures[0], figures[1]) {
                e.2 += 1;
            }
        }
        let mut out: Vec<DifferenceRow> = projects
            .into_iter()
            .zip(by_project)
            .filter(|(_, (r, t, n))| *n > 0 && (r - t).abs() > tolerance)
            .map(|(p, (reported, treasury, n))| DifferenceRow {
                investor: p.investor,
                project: p.code,
                reported,
                treasury,
                difference: reported - treasury,
                weeks_differing: n,
            })
            .collect();
        out.sort_by(|a, b| b.difference.abs().total_cmp(&a.difference.abs()));
        Ok(out)
    }

    /// Obstacles not resolved and past their deadline on `as_of`, the oldest deadline first.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn overdue_obstacles(&self, as_of: Date) -> Result<Vec<ObstacleRow>> {
        let found: Result<Vec<ObstacleTuple>> = self.store().query_tuples(
            "SELECT o.project, p.investor, o.description, o.agency, o.person, o.deadline,
                    o.status
                 FROM obstacles o JOIN projects p ON p.code = o.project
                 WHERE o.status <> 'resolved' AND o.deadline IS NOT NULL AND o.deadline < ?1
                 ORDER BY o.deadline, o.project",
            [as_of.to_string()],
        );
        found?
            .into_iter()
            .map(
                |(project, investor, description, agency, person, deadline, status)| {
                    let deadline: Date = deadline.parse()?;
                    Ok(ObstacleRow {
                        project,
                        investor,
                        description,
                        agency,
                        person,
                        deadline,
                        days_overdue: as_of.days_since(deadline),
                        status: ObstacleStatus::parse(&status)?,
                    })
                },
            )
            .collect()
    }

    /// The S-curve: cumulative planned and actual disbursement at every Friday of the year
    /// (actual up to `as_of`), with the plan in force.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn s_curve(&self, as_of: Date) -> Result<Vec<SCurvePoint>> {
        self.s_curve_of(as_of, None, None)
    }

    /// [`Tracker::s_curve`] of one investor's projects (`investor`), or of one project
    /// (`project`), or of both filters at once; `None` for either means no filter.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn s_curve_of(
        &self,
        as_of: Date,
        investor: Option<&str>,
        project: Option<&str>,
    ) -> Result<Vec<SCurvePoint>> {
        let start = self.year_start();
        // The first Friday (ISO weekday 5) of the year.
        let first = start.add_days(((5 + 7 - start.weekday()) % 7) as i32);
        let projects = self.projects_info()?;
        let included_codes: Vec<&str> = codes_of(&projects)
            .into_iter()
            .zip(&projects)
            .filter(|(_, p)| investor.is_none_or(|i| p.investor == i))
            .filter(|(_, p)| project.is_none_or(|c| p.code == c))
            .map(|(code, _)| code)
            .collect();
        let included: std::collections::HashSet<String> =
            included_codes.iter().map(|c| (*c).to_owned()).collect();
        // Each week with a payment and the cumulative paid by its end, in week order. The
        // province's curve reads the kept paid of each week (issue 27: it read every payment
        // row of the year) and an investor's its kept cumulatives, a row a week each; a
        // project's seeks its rows week by week.
        let cumulative: Vec<(String, f64)> = {
            let (store, source) = (self.store(), self.source.as_str());
            let running = |weekly: Vec<(String, f64)>| {
                let mut cum = 0.0;
                weekly
                    .into_iter()
                    .map(|(week, paid)| {
                        cum += paid;
                        (week, cum)
                    })
                    .collect()
            };
            match (investor, project) {
                (_, Some(p)) => {
                    running(store.query_tuples(CURVE_OF_PROJECT, params![source, p, investor])?)
                }
                (Some(i), None) => store.query_tuples(CURVE_OF_INVESTOR, [source, i])?,
                (None, None) => running(store.query_tuples(CURVE_ALL, [source])?),
            }
        };
        let fridays: Vec<Date> = (0..54)
            .map(|k| first.add_days(7 * k))
            .take_while(|d| d.year() == self.year)
            .collect();
        let plans = self.plans_of(&included_codes, &fridays)?;
        // The monthly plans read once (not once per Friday), summed by month over the
        // included projects and cumulated as the Fridays advance; where an included project
        // has a weekly plan, the count-down's basis instead.
        let (months, by_basis) = self.curve_plans(&included, &fridays, investor)?;
        let (mut month_idx, mut planned_before) = (0, 0.0);
        let mut out = Vec::with_capacity(fridays.len());
        let mut idx = 0;
        let mut cum = 0.0;
        for (k, (d, plan)) in fridays.into_iter().zip(plans).enumerate() {
            while idx < cumulative.len() && cumulative[idx].0 <= d.to_string() {
                cum = cumulative[idx].1;
                idx += 1;
            }
            let current = d.month_label();
            while month_idx < months.len() && months[month_idx].0 < current {
                planned_before += months[month_idx].1;
                month_idx += 1;
            }
            let this_month = months
                .get(month_idx)
                .filter(|(m, _)| *m == current)
                .map_or(0.0, |(_, a)| *a);
            out.push(SCurvePoint {
                date: d,
                planned: by_basis
                    .as_ref()
                    .map_or(planned_before + this_month * Self::month_fraction(d), |b| {
                        b[k]
                    }),
                actual: if d <= as_of { cum } else { f64::NAN },
                plan_in_force: plan.iter().sum(),
            });
        }
        Ok(out)
    }

    /// The year-end projection as of `as_of`: at the pace of the last four weeks, and if the
    /// rest of the monthly plan is paid as planned.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn projection(&self, as_of: Date) -> Result<Projection> {
        let projects = self.projects_info()?;
        let codes = codes_of(&projects);
        let plan: f64 = self.plans_of(&codes, &[as_of])?.iter().flatten().sum();
        let paid_now = self.paid_of(&codes, as_of)?;
        let paid_then = self.paid_of(&codes, as_of.add_days(-28))?;
        let paid: f64 = paid_now.iter().sum();
        let pace: f64 = paid_now
            .iter()
            .zip(&paid_then)
            .map(|(now, then)| now - then)
            .sum::<f64>()
            / 4.0;
        let weeks_left = Self::weeks_left(as_of);
        let planned = self.planned_to(&codes, &[as_of, as_of.year_end()])?;
        let [planned_now, planned_end] =
            [0, 1].map(|k| planned.get(k).map_or(0.0, |p| p.iter().sum::<f64>()));
        let at_pace = paid + pace * f64::from(weeks_left);
        let under_plan = paid + (planned_end - planned_now).max(0.0);
        Ok(Projection {
            as_of,
            coverage: self.coverage(as_of)?,
            plan,
            paid,
            rate_pct: rate(paid, plan),
            weekly_pace: pace,
            weeks_left,
            at_pace,
            at_pace_rate_pct: rate(at_pace, plan),
            under_plan,
            under_plan_rate_pct: rate(under_plan, plan),
        })
    }

    /// Payments of one source per week ending over the year (all projects), for the bridge to
    /// construction and for charts.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn weekly_totals(&self, source: PaymentSource) -> Result<Vec<(Date, f64)>> {
        let found: Result<Vec<(String, f64)>> = self.store().query_tuples(
            "SELECT week_ending, sum(amount) FROM payments WHERE source = ?1
                 GROUP BY week_ending ORDER BY week_ending",
            [source.as_str()],
        );
        found?
            .into_iter()
            .map(|(d, x)| Ok((d.parse()?, x)))
            .collect()
    }
}

/// A project's count-down figures (plan in force, paid, planned to date, paid in the last
/// four weeks) and the basis of its planned to date.
pub(super) type CountdownFigures = ([f64; 4], PlanBasis);

/// The projects' codes, in their order (the key the aligned reads take).
fn codes_of(projects: &[ProjectInfo]) -> Vec<&str> {
    projects.iter().map(|p| p.code.as_str()).collect()
}

/// A status row of `key` from its four figures (plan, paid, plan before, paid before) and its
/// `n` projects: the rates and the change split into payments and plan.
fn status_row(key: &str, name: &str, v: [f64; 4], n: usize) -> StatusRow {
    let [plan, paid, plan_before, paid_before] = v;
    let r1 = rate(paid, plan);
    let r0 = rate(paid_before, plan_before);
    StatusRow {
        key: key.to_owned(),
        name: name.to_owned(),
        plan,
        paid,
        rate_pct: r1,
        plan_before,
        paid_before,
        rate_before_pct: r0,
        change_pp: r1 - r0,
        from_payments_pp: rate(paid - paid_before, plan),
        from_plan_pp: rate(paid_before, plan) - r0,
        projects: n,
    }
}

/// Adds the four figures of a status row (plan, paid, plan before, paid before) into `sum`.
fn add_into(sum: &mut [f64; 4], v: &[f64; 4]) {
    for (s, x) in sum.iter_mut().zip(v) {
        *s += x;
    }
}
