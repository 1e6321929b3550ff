//! Calendar dates (ngày), ISO `YYYY-MM-DD` in files and in the store.
//!
//! The store (`monitoring`, feature `store`) and workbook cells (feature `xlsx`) need
//! only what a weekly report does: parse and print ISO dates, add days, count
//! days between two dates, month ends and the day of the week. A small proleptic Gregorian
//! type does that exactly (days since 1970-01-01, Howard Hinnant's civil-from-days algorithm);
//! a date-time crate would bring time zones and clocks that nothing here uses.

use std::fmt;
use std::str::FromStr;

use crate::error::{GrdpsimError, Result};

/// A calendar date. Ordered; `Display` and `FromStr` use ISO `YYYY-MM-DD`.
///
/// # Examples
/// ```
/// use grdpsim::date::Date;
/// let d: Date = "2025-06-30".parse()?;
/// assert_eq!(d.add_days(31).to_string(), "2025-07-31");
/// assert_eq!(d.weekday(), 1); // Monday (1) .. Sunday (7)
/// assert_eq!(Date::new(2025, 2, 1)?.month_end().to_string(), "2025-02-28");
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The date `year-month-day`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a month outside 1-12, a day the month does not
    /// have, or a year outside 1000-9999.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self> {
        if !(1000..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return Err(GrdpsimError::invalid_argument(
                "date",
                format!("{year:04}-{month:02}-{day:02} is not a calendar date"),
            ));
        }
        // Hinnant, "chrono-Compatible Low-Level Date Algorithms": days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Ok(Self {
            days: era * 146_097 + doe - 719_468,
        })
    }

    /// Year, month (1-12) and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// The date `n` days later (earlier if negative).
    #[must_use]
    pub fn add_days(self, n: i32) -> Self {
        Self {
            days: self.days + n,
        }
    }

    /// Days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_since(self, earlier: Self) -> i32 {
        self.days - earlier.days
    }

    /// ISO day of the week: 1 = Monday .. 7 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.days + 3).rem_euclid(7) + 1) as u32
    }

    /// The last day of this date's month.
    #[must_use]
    pub fn month_end(self) -> Self {
        let (y, m, _) = self.ymd();
        Self::new(y, m, days_in_month(y, m)).unwrap_or(self)
    }

    /// 31 December of this date's year.
    #[must_use]
    pub fn year_end(self) -> Self {
        Self::new(self.year(), 12, 31).unwrap_or(self)
    }

    /// Reads the date argument `argument` (`as_of`, `since`, ...): ISO `YYYY-MM-DD`, the one
    /// date parser every face of the library goes through.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidDate`] naming the argument and the text.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::date::Date;
    /// assert_eq!(Date::parse_arg("as_of", "2025-07-31")?.to_string(), "2025-07-31");
    /// let e = Date::parse_arg("since", "5").unwrap_err();
    /// assert!(e.to_string().contains("since") && e.to_string().contains("\"5\""));
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn parse_arg(argument: &str, text: &str) -> Result<Self> {
        text.parse().map_err(|_| GrdpsimError::InvalidDate {
            argument: argument.to_owned(),
            value: text.to_owned(),
            reason: "not a calendar date YYYY-MM-DD".to_owned(),
        })
    }

    /// `YYYY-MM` of this date's month.
    pub fn month_label(self) -> String {
        let (y, m, _) = self.ymd();
        format!("{y:04}-{m:02}")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Date {
    type Err = GrdpsimError;

    /// ISO `YYYY-MM-DD` (surrounding spaces ignored).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        let bad = || {
            GrdpsimError::invalid_argument("date", format!("{s:?} is not an ISO date YYYY-MM-DD"))
        };
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32> {
            let part = &t[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        Self::new(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }
}
