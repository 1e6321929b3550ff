//! The reporting calendar (lịch báo cáo) of a province's store: the day its weeks end on, how
//! far ahead of today a week may be reported, and which week the views take as "as of" when
//! none is given.
//!
//! Weeks end on a fixed day of the week (Friday by default: the Ministry of Finance's weekly
//! reports are as of Friday); an import refuses a `week_ending` on another day, or later than
//! the store's clock (today plus [`Calendar::grace_days`]). The province's **default as-of** is
//! the latest week for which at least [`Calendar::reporting_share_pct`] percent of the projects
//! have a figure (zero included) from the views' payment source: one early or stray entry does
//! not move the province's status, ranking, count-downs and projection.

use std::fmt;

use super::{PaymentSource, Tracker};
use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;
use crate::store::now_utc;

/// Meta keys of the calendar in the store.
/// A project's (`?2`) week's (`?3`) figure from a payment source (`?1`) over every capital
/// source it was paid in: what a withdrawal takes out.
pub(super) const WITHDRAWN_SUM: &str = "SELECT sum(amount) FROM payments
    WHERE source = ?1 AND week_ending = ?3 AND project = ?2";

/// A withdrawal: a project's (`?2`) week's (`?3`) rows from a payment source (`?1`).
pub(super) const WITHDRAW: &str =
    "DELETE FROM payments WHERE source = ?1 AND week_ending = ?3 AND project = ?2";

const WEEK_ENDS_ON: &str = "week_ends_on";
const GRACE_DAYS: &str = "report_grace_days";
const REPORTING_SHARE: &str = "reporting_share_pct";

const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WEEKDAYS_VI: [&str; 7] = [
    "thứ Hai",
    "thứ Ba",
    "thứ Tư",
    "thứ Năm",
    "thứ Sáu",
    "thứ Bảy",
    "Chủ nhật",
];

/// The name of ISO weekday `day` (1 = Monday .. 7 = Sunday) in `lang`.
pub fn weekday_name(day: u32, lang: Lang) -> &'static str {
    let i = (day.clamp(1, 7) - 1) as usize;
    match lang {
        Lang::En => WEEKDAYS_EN[i],
        Lang::Vi => WEEKDAYS_VI[i],
    }
}

/// A store's reporting calendar (kept in the store's metadata; [`Tracker::set_calendar`]).
///
/// # Examples
/// ```
/// use grdpsim::disbursement::Calendar;
/// let c = Calendar::default();
/// assert_eq!((c.week_ends_on, c.grace_days, c.reporting_share_pct), (5, 6, 50.0));
/// let today = "2025-09-01".parse()?;
/// assert!(c.check_week("2025-09-05".parse()?, today).is_ok());
/// let off = c.check_week("2025-09-03".parse()?, today).unwrap_err();
/// assert!(off.contains("Wednesday") && off.contains("2025-09-05"));
/// assert!(c.check_week("2025-09-12".parse()?, today).is_err()); // beyond today + 6 days
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calendar {
    /// ISO day of the week a reporting week ends on: 1 = Monday .. 7 = Sunday (5, Friday).
    pub week_ends_on: u32,
    /// Days after today a `week_ending` may fall (6: the current week may be reported before it
    /// ends, the next one may not).
    pub grace_days: u32,
    /// The share of projects (percent, in (0, 100]) that must have figures for a week to be the
    /// province's default as-of (50).
    pub reporting_share_pct: f64,
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            week_ends_on: 5,
            grace_days: 6,
            reporting_share_pct: 50.0,
        }
    }
}

impl Calendar {
    /// Checks the values.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming the field out of its domain.
    pub fn validated(self) -> Result<Self> {
        if !(1..=7).contains(&self.week_ends_on) {
            return Err(GrdpsimError::invalid_argument(
                "week_ends_on",
                format!(
                    "{} is not an ISO day of the week (1 = Monday .. 7 = Sunday)",
                    self.week_ends_on
                ),
            ));
        }
        if self.grace_days > 366 {
            return Err(GrdpsimError::invalid_argument(
                "grace_days",
                format!("{} days: at most 366", self.grace_days),
            ));
        }
        let s = self.reporting_share_pct;
        if !s.is_finite() || s <= 0.0 || s > 100.0 {
            return Err(GrdpsimError::invalid_argument(
                "reporting_share_pct",
                format!("{s}: a share of projects in (0, 100]"),
            ));
        }
        Ok(self)
    }

    /// The last week ending on or before `d`.
    pub fn week_of(&self, d: Date) -> Date {
        d.add_days(-(((d.weekday() + 7 - self.week_ends_on) % 7) as i32))
    }

    /// Why `week` cannot be a week ending in a store whose clock reads `today`, or `Ok`.
    ///
    /// # Errors
    /// The reason, naming the date, its day and what was expected.
    pub fn check_week(&self, week: Date, today: Date) -> std::result::Result<(), String> {
        let day = week.weekday();
        if day != self.week_ends_on {
            let ahead = (self.week_ends_on + 7 - day) % 7;
            return Err(format!(
                "{week} is a {}: this store's weeks end on {} ({} ends that week)",
                weekday_name(day, Lang::En),
                weekday_name(self.week_ends_on, Lang::En),
                week.add_days(ahead as i32),
            ));
        }
        let latest = today.add_days(self.grace_days as i32);
        if week > latest {
            return Err(format!(
                "{week} is in the future: today is {today} and a week may end at most {} \
                 day(s) ahead (latest {latest})",
                self.grace_days
            ));
        }
        Ok(())
    }

    /// The calendar kept in `store` (the defaults for what it does not set).
    pub(super) fn read(store: &crate::store::Store) -> Result<Self> {
        let d = Self::default();
        let get = |key: &str| -> Result<Option<String>> { store.meta(key) };
        let bad = |key: &str, v: &str| GrdpsimError::NotAStore {
            path: store.label().to_owned(),
            reason: format!("its calendar setting {key} = {v:?} is not readable"),
        };
        let week_ends_on = match get(WEEK_ENDS_ON)? {
            Some(v) => v.parse().map_err(|_| bad(WEEK_ENDS_ON, &v))?,
            None => d.week_ends_on,
        };
        let grace_days = match get(GRACE_DAYS)? {
            Some(v) => v.parse().map_err(|_| bad(GRACE_DAYS, &v))?,
            None => d.grace_days,
        };
        let reporting_share_pct = match get(REPORTING_SHARE)? {
            Some(v) => v.parse().map_err(|_| bad(REPORTING_SHARE, &v))?,
            None => d.reporting_share_pct,
        };
        Self {
            week_ends_on,
            grace_days,
            reporting_share_pct,
        }
        .validated()
    }
}

/// Where a store's "today" comes from: the system clock (UTC), or a fixed date (tests,
/// replaying a past year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Date),
}

impl Clock {
    /// Today's date on this clock.
    pub fn today(self) -> Date {
        match self {
            Self::Fixed(d) => d,
            // now_utc is `YYYY-MM-DDTHH:MM:SSZ`, its date part always a date.
            Self::System => now_utc()
                .get(..10)
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| Date::new(1970, 1, 1).unwrap_or_else(|_| unreachable!())),
        }
    }
}

/// Which week a view used and how many projects had figures for it: "as of 2025-07-25: 48 of
/// 60 projects reported" ("as of 2025-07-31 (week ending 2025-07-25): ..." for a date between
/// two week ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub as_of: Date,
    /// The last week ending on or before `as_of` on the store's calendar.
    pub week: Date,
    /// Projects with a figure (zero included) for `week`, from `source`.
    pub reported: usize,
    /// Projects in the store.
    pub projects: usize,
    pub source: PaymentSource,
}

impl Coverage {
    /// The sentence in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let week = if self.week == self.as_of {
            String::new()
        } else {
            format!(
                " ({} {})",
                lang.pick("week ending", "tuần kết thúc ngày"),
                self.week
            )
        };
        format!(
            "{} {}{week}: {}",
            lang.pick("as of", "tính đến"),
            self.as_of,
            self.reported_in(lang)
        )
    }

    /// "193 of 300 projects reported" in `lang`.
    pub fn reported_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!("{} of {} projects reported", self.reported, self.projects),
            Lang::Vi => format!("{}/{} dự án có số liệu", self.reported, self.projects),
        }
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl Tracker {
    /// The store's reporting calendar.
    pub fn calendar(&self) -> Calendar {
        self.calendar_now()
    }

    /// Sets the store's reporting calendar (kept in the store; each change audited with `who`).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a value out of its domain (nothing is written);
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn set_calendar(&mut self, calendar: Calendar, who: &str) -> Result<()> {
        let c = calendar.validated()?;
        let mut store = self.store();
        store.set_meta(WEEK_ENDS_ON, &c.week_ends_on.to_string(), who)?;
        store.set_meta(GRACE_DAYS, &c.grace_days.to_string(), who)?;
        store.set_meta(REPORTING_SHARE, &c.reporting_share_pct.to_string(), who)?;
        // Every view of the store sees the new calendar.
        *self
            .calendar
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = c;
        Ok(())
    }

    /// Sets where the tracker's "today" comes from (imports refuse weeks beyond it).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Today on the tracker's clock.
    pub fn today(&self) -> Date {
        self.clock.today()
    }

    /// How many projects have a figure for the week of `as_of` (the last week ending on or
    /// before it) in the tracker's payment source.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn coverage(&self, as_of: Date) -> Result<Coverage> {
        self.coverage_of(as_of, self.project_count()?)
    }

    /// [`Tracker::coverage`] with the store's number of projects already known.
    pub(super) fn coverage_of(&self, as_of: Date, projects: usize) -> Result<Coverage> {
        let week = self.calendar_now().week_of(as_of);
        // Kept by the writers of payments (store/investor_totals.rs): one row, not a scan of
        // the week's projects.
        let reported = {
            let store = self.store();
            crate::store::investor_totals::reported_in(
                store.connection(),
                self.source.as_str(),
                &week.to_string(),
            )
            .map_err(|e| store.error(&e))?
        };
        let reported = reported.max(0) as usize;
        Ok(Coverage {
            as_of,
            week,
            reported,
            projects,
            source: self.source,
        })
    }

    /// The province's default as-of: the latest week for which at least the calendar's
    /// [`Calendar::reporting_share_pct`] of the projects have a figure in the tracker's payment
    /// source; `None` while no week has. A week that a few projects reported early, or a stray
    /// entry, does not move it.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn default_as_of(&self) -> Result<Option<Coverage>> {
        let projects = self.project_count()?;
        let needed = (self.calendar_now().reporting_share_pct / 100.0 * projects as f64).ceil();
        let needed = (needed as usize).max(1);
        // Latest week first, each with its count of projects kept by the writers of payments
        // (`week_reports`, store/investor_totals.rs): few weeks in a year, so every week's
        // count is read and the latest that enough projects reported is taken.
        let weeks = {
            let store = self.store();
            crate::store::investor_totals::reports_by_week(store.connection(), self.source.as_str())
                .map_err(|e| store.error(&e))?
        };
        let found = weeks
            .into_iter()
            .find(|(_, n)| (*n).max(0) as usize >= needed)
            .map(|(week, n)| (week, n as usize, projects));
        found
            .map(|(week, reported, projects)| {
                let week: Date = week.parse()?;
                Ok(Coverage {
                    as_of: week,
                    week,
                    reported,
                    projects,
                    source: self.source,
                })
            })
            .transpose()
    }

    /// Withdraws `source`'s figure for `project` in the week ending `week_ending` (an entry made
    /// by mistake), recorded in the audit trail with `who` (old value, no new one).
    ///
    /// # Errors
    /// [`GrdpsimError::NoSuchEntry`] if there is no such figure (nothing is written);
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn withdraw(
        &mut self,
        project: &str,
        week_ending: Date,
        source: PaymentSource,
        who: &str,
    ) -> Result<()> {
        let week = week_ending.to_string();
        self.store().write_checked(|tx| {
            // The week's figure over every capital source it was paid in (all withdrawn).
            let old: Option<f64> = tx
                .prepare_cached(WITHDRAWN_SUM)?
                .query_row(rusqlite::params![source.as_str(), project, week], |r| {
                    r.get(0)
                })?;
            let Some(old) = old else {
                return Ok(Err(GrdpsimError::NoSuchEntry {
                    project: project.to_owned(),
                    week_ending: week.clone(),
                    payment_source: source.as_str().to_owned(),
                }));
            };
            tx.prepare_cached(WITHDRAW)?.execute(rusqlite::params![
                source.as_str(),
                project,
                week
            ])?;
            crate::store::totals::apply_payment_changes(
                tx,
                &[crate::store::totals::PaymentChange {
                    source: source.as_str().to_owned(),
                    project: project.to_owned(),
                    week_ending: week.clone(),
                    old: Some(old),
                    new: None,
                }],
            )?;
            let key = crate::store::import::render(&[
                rusqlite::types::Value::Text(source.as_str().to_owned()),
                rusqlite::types::Value::Text(project.to_owned()),
                rusqlite::types::Value::Text(week.clone()),
            ]);
            let old = crate::store::import::render(&[rusqlite::types::Value::Real(old)]);
            crate::store::audit_at(
                tx,
                &now_utc(),
                who,
                "withdrawal",
                "payments",
                &key,
                Some(&old),
                None,
            )?;
            Ok(Ok(()))
        })
    }
}
