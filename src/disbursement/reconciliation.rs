//! The Treasury's reconciliation as a workflow (issue 26 §2.2d): the weeks where an investor's
//! report and the State Treasury's payment differ, as of any date, week by week and cumulated
//! per project, and the Treasury's decision on each: **accepted** with a note, or **sent back**
//! to the investor.
//!
//! A project-week is a difference when the two figures differ, a missing figure counting as 0:
//! a week where neither side reports a payment, or where the investor entered 0 and the
//! Treasury nothing, is not one. A decision is kept with the two figures it was taken on; when
//! either figure changes afterwards (a new import, a form, a withdrawal), the decision no longer
//! applies and the difference is open again, until it is decided anew.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::{Type, Value};
use rusqlite::{params, OptionalExtension};

use super::{PaymentSource, Tracker};
use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::store::import::render;
use crate::store::investor_totals::reports_by_week;
use crate::store::totals::project_by_week;
use crate::store::week_walk::{self, SEEK_COST};
use crate::store::{audit_at, now_utc};

/// One project's (`?3`) rows of both payment sources from `?1` to `?2`, a seek a week.
pub(super) const WEEK_FIGURES_OF_PROJECT: &str = concat!(
    "SELECT q.project, q.week_ending, q.source, q.amount",
    project_by_week!("?3"),
    "WHERE w.source IN ('investor', 'treasury') AND w.week_ending >= ?1 AND w.week_ending <= ?2"
);

/// A project's (`?1`) figure of each payment source in a week (`?2`), summed over its capital
/// sources: what a decision on their difference is taken on.
pub(super) const DECISION_FIGURES: &str = "SELECT source, sum(amount) FROM payments
    WHERE source IN ('investor', 'treasury') AND week_ending = ?2 AND project = ?1
    GROUP BY source";

/// The longest note a decision takes (characters).
pub const MAX_NOTE_CHARS: usize = 2000;

/// What the Treasury decided on a project-week's difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// The difference is explained (a note says how) and stays as it is.
    Accepted,
    /// The investor must correct its report.
    SentBack,
}

impl Decision {
    /// `accepted` or `sent_back`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::SentBack => "sent_back",
        }
    }

    /// Reads `accepted`/`accept`/`chấp nhận` and `sent_back`/`send_back`/`trả lại`.
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "accepted" | "accept" | "chấp_nhận" => Ok(Self::Accepted),
            "sent_back" | "send_back" | "trả_lại" => Ok(Self::SentBack),
            _ => Err(GrdpsimError::UnknownOption {
                option: "decision".into(),
                value: s.into(),
                expected: "accepted, sent_back".into(),
            }),
        }
    }
}

/// Where a difference stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DifferenceState {
    /// Not decided, or decided on figures that have changed since.
    Open,
    Accepted,
    SentBack,
}

impl DifferenceState {
    /// `open`, `accepted` or `sent_back`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Accepted => "accepted",
            Self::SentBack => "sent_back",
        }
    }

    /// Reads `open`, `accepted`, `sent_back` (as [`Decision::parse`]).
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        if s.trim().eq_ignore_ascii_case("open") {
            return Ok(Self::Open);
        }
        match Decision::parse(s) {
            Ok(d) => Ok(d.into()),
            Err(_) => Err(GrdpsimError::UnknownOption {
                option: "state".into(),
                value: s.into(),
                expected: "open, accepted, sent_back".into(),
            }),
        }
    }
}

impl From<Decision> for DifferenceState {
    fn from(d: Decision) -> Self {
        match d {
            Decision::Accepted => Self::Accepted,
            Decision::SentBack => Self::SentBack,
        }
    }
}

/// One project-week where the investor's report and the Treasury's payment differ.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekDifference {
    pub project: String,
    pub investor: String,
    pub week_ending: Date,
    /// The investor's figure (`None`: not reported).
    pub reported: Option<f64>,
    /// The Treasury's figure (`None`: nothing recorded).
    pub treasury: Option<f64>,
    /// `reported − treasury`, a missing figure counting as 0.
    pub difference: f64,
    pub state: DifferenceState,
    /// The decision's note, who took it and when (empty while open).
    pub note: String,
    pub decided_by: String,
    pub decided_at: String,
}

/// A project's differences cumulated to the as-of date, with its weeks by state.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectDifference {
    pub project: String,
    pub investor: String,
    /// The investor's and the Treasury's payments from the year's start to the as-of date.
    pub reported: f64,
    pub treasury: f64,
    /// `reported − treasury`.
    pub difference: f64,
    pub weeks_open: usize,
    pub weeks_accepted: usize,
    pub weeks_sent_back: usize,
}

/// The reconciliation as of a date: the differing weeks, latest first (then by project), and
/// the projects that have any, by absolute cumulative difference (largest first).
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    pub as_of: Date,
    /// Weeks whose absolute difference is at most this (million VND) are left out.
    pub tolerance: f64,
    pub weeks: Vec<WeekDifference>,
    pub projects: Vec<ProjectDifference>,
}

impl Reconciliation {
    /// The weeks in `state`.
    pub fn weeks_in(&self, state: DifferenceState) -> impl Iterator<Item = &WeekDifference> {
        self.weeks.iter().filter(move |w| w.state == state)
    }
}

/// A project-week's two figures: the investor's and the Treasury's.
pub(super) type WeekFigures = BTreeMap<(String, String), [Option<f64>; 2]>;

/// A stored decision: what, the note, the two figures it was taken on, by whom and when.
type StoredDecision = (String, String, Option<f64>, Option<f64>, String, String);

/// Whether two figures differ, a missing one counting as 0 (compared as stored: any change of
/// a figure is a difference the Treasury must see).
#[allow(clippy::float_cmp)]
pub(super) fn differ(reported: Option<f64>, treasury: Option<f64>) -> bool {
    reported.unwrap_or(0.0) != treasury.unwrap_or(0.0)
}

impl Tracker {
    /// Each project-week's investor and Treasury figures from the year's start to `as_of`
    /// (one project's when `project` is given).
    pub(super) fn week_figures(&self, as_of: Date, project: Option<&str>) -> Result<WeekFigures> {
        let (start, end) = (self.year_start().to_string(), as_of.to_string());
        // One project's rows by a seek of the payments' key a source and week (a scan of
        // every row of the year before, which the project page after each update made, issue
        // 27); every project's, by a range of the key a source.
        let found: Vec<(String, String, String, f64)> = match project {
            None => self.store().query_tuples(
                "SELECT project, week_ending, source, amount FROM payments
                 WHERE source IN ('investor', 'treasury')
                   AND week_ending >= ?1 AND week_ending <= ?2",
                params![start, end],
            )?,
            Some(p) => self
                .store()
                .query_tuples(WEEK_FIGURES_OF_PROJECT, params![start, end, p])?,
        };
        let mut weeks = WeekFigures::new();
        for (project, week, source, amount) in found {
            let i = usize::from(source == "treasury");
            // A week paid in several capital sources: their sum.
            let figure = &mut weeks.entry((project, week)).or_insert([None, None])[i];
            *figure = Some(figure.unwrap_or(0.0) + amount);
        }
        Ok(weeks)
    }

    /// One source's figure of each project-week from the year's start to `as_of`, for each
    /// project of `codes` (sorted): the project's index in `codes`, the week ending (its ten
    /// characters) and the week's sum over its capital sources (in the key's order), in project
    /// and week order, with no text copied (what [`Tracker::differences`] cumulates for the
    /// projects that may differ). The year's weeks are walked once for them all
    /// ([`week_walk::walk`]): read whole while they are many, else each project sought.
    pub(super) fn week_sums(
        &self,
        source: PaymentSource,
        as_of: Date,
        codes: &[&str],
    ) -> Result<Vec<(usize, [u8; 10], f64)>> {
        let store = self.store();
        let conn = store.connection();
        let (start, end) = (self.year_start().to_string(), as_of.to_string());
        let mut out: Vec<(usize, [u8; 10], f64)> = Vec::new();
        let mut wanted = vec![true; codes.len()];
        let mut bad_week = None;
        let mut read = || -> rusqlite::Result<()> {
            let weeks = reports_by_week(conn, source.as_str())?;
            let year = weeks.iter().rev().filter(|(w, _)| *w >= start && *w <= end);
            week_walk::walk(
                conn,
                source.as_str(),
                year,
                codes,
                &mut wanted,
                SEEK_COST,
                |i, l| {
                    let Ok(week) = <[u8; 10]>::try_from(l.week.as_bytes()) else {
                        bad_week = Some(l.week.to_owned());
                        return true;
                    };
                    match out.last_mut() {
                        // A week paid in several capital sources: their sum.
                        Some((j, w, sum)) if *j == i && *w == week => *sum += l.amount,
                        _ => out.push((i, week, l.amount)),
                    }
                    false
                },
            )
        };
        read().map_err(|e| store.error(&e))?;
        if let Some(week) = bad_week {
            let e =
                rusqlite::Error::InvalidColumnType(0, format!("week_ending {week}"), Type::Text);
            return Err(store.error(&e));
        }
        // Walked week by week: each project's weeks in order, brought together.
        out.sort_by_key(|&(i, _, _)| i);
        Ok(out)
    }

    fn decisions(
        &self,
        project: Option<&str>,
    ) -> Result<HashMap<(String, String), StoredDecision>> {
        self.store().query_rows(
            "SELECT project, week_ending, decision, note, investor_amount, treasury_amount,
                    decided_by, decided_at
             FROM reconciliation_decisions WHERE ?1 IS NULL OR project = ?1",
            [project],
            |r| {
                Ok((
                    (r.get(0)?, r.get(1)?),
                    (
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                    ),
                ))
            },
        )
    }

    /// The differing weeks of `weeks` (one project's when given) with their state.
    fn week_differences(
        &self,
        weeks: &WeekFigures,
        tolerance: f64,
        project: Option<&str>,
    ) -> Result<Vec<WeekDifference>> {
        let decisions = self.decisions(project)?;
        let investor_of: HashMap<String, String> = self.store().query_tuples(
            "SELECT code, investor FROM projects WHERE ?1 IS NULL OR code = ?1",
            [project],
        )?;
        let mut out = Vec::new();
        for ((project, week), &[reported, treasury]) in weeks {
            let difference = reported.unwrap_or(0.0) - treasury.unwrap_or(0.0);
            if !differ(reported, treasury) || difference.abs() <= tolerance {
                continue;
            }
            let week_ending: Date = week.parse()?;
            let decided = decisions
                .get(&(project.clone(), week.clone()))
                .filter(|d| d.2 == reported && d.3 == treasury);
            let (state, note, decided_by, decided_at) = match decided {
                Some((what, note, _, _, by, at)) => (
                    Decision::parse(what)?.into(),
                    note.clone(),
                    by.clone(),
                    at.clone(),
                ),
                None => (
                    DifferenceState::Open,
                    String::new(),
                    String::new(),
                    String::new(),
                ),
            };
            out.push(WeekDifference {
                investor: investor_of.get(project).cloned().unwrap_or_default(),
                project: project.clone(),
                week_ending,
                reported,
                treasury,
                difference,
                state,
                note,
                decided_by,
                decided_at,
            });
        }
        out.sort_by(|a, b| {
            b.week_ending
                .cmp(&a.week_ending)
                .then_with(|| a.project.cmp(&b.project))
        });
        Ok(out)
    }

    /// The reconciliation as of `as_of`: every project-week to that date whose figures differ
    /// by more than `tolerance` (million VND), each open, accepted or sent back, and each such
    /// project's payments cumulated to that date with its weeks counted by state.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a negative or non-finite `tolerance`;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disbursement::DifferenceState;
    /// let t = grdpsim::datasets::cao_bang_disbursement_2025()?;
    /// let r = t.reconciliation("2025-07-31".parse()?, 0.5)?;
    /// assert!(r.weeks.iter().all(|w| w.difference.abs() > 0.5));
    /// assert_eq!(r.weeks_in(DifferenceState::Open).count(), r.weeks.len());
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn reconciliation(&self, as_of: Date, tolerance: f64) -> Result<Reconciliation> {
        if !tolerance.is_finite() || tolerance < 0.0 {
            return Err(GrdpsimError::invalid_argument(
                "tolerance",
                format!("{tolerance} is not a non-negative amount"),
            ));
        }
        let figures = self.week_figures(as_of, None)?;
        let weeks = self.week_differences(&figures, tolerance, None)?;
        let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
        for w in &weeks {
            let i = match w.state {
                DifferenceState::Open => 0,
                DifferenceState::Accepted => 1,
                DifferenceState::SentBack => 2,
            };
            counts.entry(&w.project).or_default()[i] += 1;
        }
        let mut totals: HashMap<String, (f64, f64)> = HashMap::new();
        for ((project, _), [reported, treasury]) in &figures {
            if counts.contains_key(project.as_str()) {
                let e = totals.entry(project.clone()).or_default();
                e.0 += reported.unwrap_or(0.0);
                e.1 += treasury.unwrap_or(0.0);
            }
        }
        let mut projects: Vec<ProjectDifference> = counts
            .into_iter()
            .map(|(project, [open, accepted, sent_back])| {
                let (reported, treasury) = totals.get(project).copied().unwrap_or_default();
                let investor = weeks
                    .iter()
                    .find(|w| w.project == project)
                    .map(|w| w.investor.clone())
                    .unwrap_or_default();
                ProjectDifference {
                    project: project.to_owned(),
                    investor,
                    reported,
                    treasury,
                    difference: reported - treasury,
                    weeks_open: open,
                    weeks_accepted: accepted,
                    weeks_sent_back: sent_back,
                }
            })
            .collect();
        projects.sort_by(|a, b| b.difference.abs().total_cmp(&a.difference.abs()));
        Ok(Reconciliation {
            as_of,
            tolerance,
            weeks,
            projects,
        })
    }

    /// A project's weeks the Treasury sent back and the investor has not corrected since (its
    /// page shows them), latest first.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn sent_back_of(&self, project: &str) -> Result<Vec<WeekDifference>> {
        let year_end = Date::new(self.year(), 12, 31)?;
        Ok(self
            .week_differences(
                &self.week_figures(year_end, Some(project))?,
                0.0,
                Some(project),
            )?
            .into_iter()
            .filter(|w| w.state == DifferenceState::SentBack)
            .collect())
    }

    /// Records the Treasury's `decision` on `project`'s difference in the week ending
    /// `week_ending`, with `note` (required: why it is accepted, or what the investor must
    /// correct), in the audit trail under `who`. A decision already taken on that week is
    /// replaced. It holds while the two figures stay as they are now.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming `note` when it is blank or longer than
    /// [`MAX_NOTE_CHARS`] (with the project and week); [`GrdpsimError::NoDifference`] when the
    /// project has no difference that week (or is unknown); nothing is written then.
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn decide_difference(
        &mut self,
        project: &str,
        week_ending: Date,
        decision: Decision,
        note: &str,
        who: &str,
    ) -> Result<()> {
        let note = note.trim();
        let week = week_ending.to_string();
        if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
            return Err(GrdpsimError::invalid_argument(
                "note",
                format!(
                    "the decision on project {project}, week ending {week} needs a note of 1 to \
                     {MAX_NOTE_CHARS} characters"
                ),
            ));
        }
        self.store().write_checked(|tx| {
            let figures: Vec<(String, f64)> = tx
                .prepare_cached(DECISION_FIGURES)?
                .query_map(params![project, week], |r| r.try_into())?
                .collect::<rusqlite::Result<_>>()?;
            let pick = |s: &str| figures.iter().find(|(src, _)| src == s).map(|f| f.1);
            let (reported, treasury) = (pick("investor"), pick("treasury"));
            if !differ(reported, treasury) {
                return Ok(Err(GrdpsimError::NoDifference {
                    project: project.to_owned(),
                    week_ending: week.clone(),
                }));
            }
            let old: Option<(String, String)> = tx
                .prepare_cached(
                    "SELECT decision, note FROM reconciliation_decisions
                     WHERE project = ?1 AND week_ending = ?2",
                )?
                .query_row(params![project, week], |r| r.try_into())
                .optional()?;
            let at = now_utc();
            tx.prepare_cached(
                "INSERT INTO reconciliation_decisions (project, week_ending, decision, note,
                     investor_amount, treasury_amount, decided_by, decided_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (project, week_ending) DO UPDATE SET decision = excluded.decision,
                     note = excluded.note, investor_amount = excluded.investor_amount,
                     treasury_amount = excluded.treasury_amount,
                     decided_by = excluded.decided_by, decided_at = excluded.decided_at",
            )?
            .execute(params![
                project,
                week,
                decision.as_str(),
                note,
                reported,
                treasury,
                who,
                at
            ])?;
            let text = |v: &[&str]| {
                render(
                    &v.iter()
                        .map(|s| Value::Text((*s).to_owned()))
                        .collect::<Vec<_>>(),
                )
            };
            let old = old.map(|(d, n)| text(&[&d, &n]));
            audit_at(
                tx,
                &at,
                who,
                "reconciliation",
                "reconciliation_decisions",
                &text(&[project, &week]),
                old.as_deref(),
                Some(&text(&[decision.as_str(), note])),
            )?;
            Ok(Ok(()))
        })
    }
}
