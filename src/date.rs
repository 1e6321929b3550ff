//! Calendar dates (ngày), ISO `YYYY-MM-DD` in files and in the store.
//!
//! The store (feature `store`) and workbook cells (feature `xlsx`) need only what a weekly
//! report does: parse and print ISO dates, add days, count days between two dates, month ends
//! and the day of the week, and months (`YYYY-MM`: [`Month`]). The calendar arithmetic is the
//! `time` crate's civil [`time::Date`] (without its default features: no clock, no time-zone
//! database); this module keeps the crate's one ISO parser and its typed errors.

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
pub struct Date(time::Date);

/// Days in `month` (1-12) of `year` (31 for a month outside 1-12).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .map_or(31, |m| u32::from(m.length(year)))
}

impl Date {
    /// The date `year-month-day`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a month outside 1-12, a day the month does not
    /// have, or a year outside 1000-9999.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self> {
        let month_of_year = u8::try_from(month)
            .ok()
            .and_then(|m| time::Month::try_from(m).ok());
        (1000..=9999)
            .contains(&year)
            .then_some(month_of_year)
            .flatten()
            .zip(u8::try_from(day).ok())
            .and_then(|(m, d)| time::Date::from_calendar_date(year, m, d).ok())
            .map(Self)
            .ok_or_else(|| {
                GrdpsimError::invalid_argument(
                    "date",
                    format!("{year:04}-{month:02}-{day:02} is not a calendar date"),
                )
            })
    }

    /// Year, month (1-12) and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        (
            self.0.year(),
            u32::from(u8::from(self.0.month())),
            u32::from(self.0.day()),
        )
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
        Self(self.0.saturating_add(time::Duration::days(n.into())))
    }

    /// Days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_since(self, earlier: Self) -> i32 {
        (self.0 - earlier.0).whole_days() as i32
    }

    /// ISO day of the week: 1 = Monday .. 7 = Sunday.
    pub fn weekday(self) -> u32 {
        u32::from(self.0.weekday().number_from_monday())
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
        Month::of(self).to_string()
    }
}

/// A month of a year (`YYYY-MM` in files, the store and arguments). Ordered; `Display` and
/// `FromStr` use `YYYY-MM`.
///
/// # Examples
/// ```
/// use grdpsim::date::Month;
/// let m: Month = "2024-02".parse()?;
/// assert_eq!(m.last_day().to_string(), "2024-02-29");
/// assert_eq!(m.next().to_string(), "2024-03");
/// assert_eq!("2025-01".parse::<Month>()?.previous().to_string(), "2024-12");
/// assert!("2025-13".parse::<Month>().is_err());
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(Date);

impl Month {
    /// The month `month` (1-12) of `year`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a month outside 1-12 or a year outside
    /// 1000-9999.
    pub fn new(year: i32, month: u32) -> Result<Self> {
        Date::new(year, month, 1).map(Self).map_err(|_| {
            GrdpsimError::invalid_argument(
                "month",
                format!("{year:04}-{month:02} is not a month YYYY-MM"),
            )
        })
    }

    /// The month `date` falls in.
    pub fn of(date: Date) -> Self {
        Self(date.0.replace_day(1).map_or(date, Date))
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// 1-12.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    pub fn first_day(self) -> Date {
        self.0
    }

    pub fn last_day(self) -> Date {
        self.0.month_end()
    }

    /// The month after (saturating at 9999-12).
    #[must_use]
    pub fn next(self) -> Self {
        Self::of(self.last_day().add_days(1))
    }

    /// The month before (saturating at 1000-01).
    #[must_use]
    pub fn previous(self) -> Self {
        Self::of(self.0.add_days(-1))
    }

    /// Reads the month argument `argument` (`month`, ...): `YYYY-MM`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming the argument and the text.
    pub fn parse_arg(argument: &str, text: &str) -> Result<Self> {
        text.parse().map_err(|_| {
            GrdpsimError::invalid_argument(argument, format!("{text:?} is not a month YYYY-MM"))
        })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl FromStr for Month {
    type Err = GrdpsimError;

    /// `YYYY-MM` (surrounding spaces ignored).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        let b = t.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() == 7 && b[4] == b'-' && digits(0..4) && digits(5..7) {
            if let (Ok(y), Ok(m)) = (t[..4].parse(), t[5..].parse()) {
                return Self::new(y, m);
            }
        }
        Err(GrdpsimError::invalid_argument(
            "month",
            format!("{s:?} is not a month YYYY-MM"),
        ))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Day by day over four years (a leap year and a century rule's 2000 among them), the
    /// calendar agrees with a count kept by hand: each next day is the day after in its month or
    /// the first of the next, weekdays cycle, and `days_since` counts back to the start.
    #[test]
    fn day_by_day_the_calendar_is_the_civil_one() {
        let start = Date::new(1999, 12, 25).unwrap();
        assert_eq!(start.weekday(), 6, "25 December 1999 was a Saturday");
        let (mut y, mut m, mut d) = (1999, 12, 25);
        for n in 1..1500 {
            d += 1;
            if d > days_in_month(y, m) {
                (m, d) = (m % 12 + 1, 1);
                if m == 1 {
                    y += 1;
                }
            }
            let date = start.add_days(n);
            assert_eq!(date.ymd(), (y, m, d));
            assert_eq!(date.days_since(start), n);
            assert_eq!(date.weekday(), ((5 + n) % 7 + 1) as u32);
            assert_eq!(date.to_string().parse::<Date>().unwrap(), date);
        }
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2024, 13), 31);
        assert!(Date::new(2025, 2, 29).is_err() && Date::new(999, 1, 1).is_err());
    }

    #[test]
    fn months_step_across_years_and_refuse_what_is_not_a_month() {
        let m: Month = " 2025-12 ".parse().unwrap();
        assert_eq!(
            (m.next().to_string(), m.previous().to_string()),
            ("2026-01".into(), "2025-11".into())
        );
        assert_eq!(
            Month::of("2025-07-31".parse().unwrap()),
            "2025-07".parse().unwrap()
        );
        assert_eq!(m.first_day().to_string(), "2025-12-01");
        for bad in ["2025-7", "2025-00", "25-07", "2025/07", "2025-07-01"] {
            let e = bad.parse::<Month>().unwrap_err();
            assert!(e.to_string().contains(bad.trim()), "{e}");
        }
        let e = Month::parse_arg("since", "July").unwrap_err();
        assert!(e.to_string().contains("since"), "{e}");
    }
}
