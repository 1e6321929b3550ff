//! Quarters and cumulative periods within one year (kỳ báo cáo: quý, 6 tháng, 9 tháng, năm).
//!
//! A [`Period`] is a run of consecutive quarters of one year: `2024Q3` (a quarter), `2024Q1-Q3`
//! (9 months, "9 tháng"), `2024H1` (6 months), `2024H2`, `2024` (the year). Growth of a period
//! compares the sum of its quarters' levels with the same quarters of the year before.
//!
//! # One argument order, periods typed
//!
//! Every query of a sector over a period takes the period first and the sector second, in
//! Rust as in Python: [`Accounts::growth(period, sector)`](crate::Accounts::growth),
//! [`Scenario::growth(period, sector)`](crate::Scenario::growth), `gap(period)`,
//! `actual_growth(period, sector)`, `Target::new(period, sector, pct)` and the rows' `row(period,
//! sector)` lookups. A scenario's queries take the period as [`IntoPeriod`]: a [`Period`]
//! parsed once (`"2025H1".parse::<Period>()?`), or a label of the scenario year (`"H1"`,
//! `"Quý III"`, `"2025Q3"`) parsed on the way in by [`Period::parse_in_year`], so that
//! `scenario.growth("H1", "CN")` still reads as it is said. A label that is not a period is
//! [`GrdpsimError::InvalidPeriod`] naming the text; a period of another year is
//! [`GrdpsimError::PeriodOutsideYear`] naming the period and the year. Sectors stay codes
//! (`&str`), checked against the scenario's tree. Labels kept as data (a [`Target`]'s
//! period, a comparison row's) stay text, because they are read back as the user wrote them.
//!
//! ```
//! use grdpsim::period::IntoPeriod;
//! use grdpsim::Period;
//! let h1: Period = "2025H1".parse()?;
//! assert_eq!("H1".into_period(2025)?, h1);
//! assert_eq!(h1.into_period(2025)?, h1);
//! assert!(h1.into_period(2026).is_err());
//! assert!("H3".into_period(2025).is_err());
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```
//!
//! [`Target`]: crate::scenario::Target

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;

/// The years a period may fall in: four-digit years, as statistical releases and pandas
/// (`PeriodIndex`) print them. Anything else in a file is a typo, and a loader that trusted it
/// would size its matrix from the span between it and the real years.
pub const YEARS: RangeInclusive<i32> = 1000..=9999;

/// One calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "QuarterFields")]
pub struct Quarter {
    year: i32,
    quarter: u8,
}

/// The serialized form of a [`Quarter`], validated on the way in.
#[derive(Deserialize)]
struct QuarterFields {
    year: i32,
    quarter: u8,
}

impl TryFrom<QuarterFields> for Quarter {
    type Error = GrdpsimError;
    fn try_from(q: QuarterFields) -> Result<Self> {
        Self::new(q.year, q.quarter)
    }
}

/// [`GrdpsimError::InvalidPeriod`] unless `year` is in [`YEARS`]; `text` is what was given.
pub(crate) fn check_year(year: i32, text: impl FnOnce() -> String) -> Result<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(year_out_of_range(text()))
    }
}

fn year_out_of_range(text: String) -> GrdpsimError {
    GrdpsimError::InvalidPeriod {
        text,
        reason: format!(
            "the year must be between {} and {}",
            YEARS.start(),
            YEARS.end()
        ),
    }
}

impl Quarter {
    /// A quarter; `quarter` must be 1..=4 and `year` in [`YEARS`].
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidPeriod`] when `quarter` is not 1..=4 or the year is outside
    /// [`YEARS`].
    ///
    /// # Examples
    /// ```
    /// let q = grdpsim::Quarter::new(2024, 3)?;
    /// assert_eq!(q.to_string(), "2024Q3");
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn new(year: i32, quarter: u8) -> Result<Self> {
        check_year(year, || format!("{year}Q{quarter}"))?;
        if (1..=4).contains(&quarter) {
            Ok(Self { year, quarter })
        } else {
            Err(GrdpsimError::InvalidPeriod {
                text: format!("{year}Q{quarter}"),
                reason: "the quarter must be 1 to 4".into(),
            })
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1..=4.
    pub fn quarter(self) -> u8 {
        self.quarter
    }

    /// A running index (4 per year) for arithmetic on quarters.
    pub fn ordinal(self) -> i64 {
        i64::from(self.year) * 4 + i64::from(self.quarter) - 1
    }

    /// The inverse of [`Quarter::ordinal`].
    pub fn from_ordinal(ordinal: i64) -> Self {
        Self {
            year: ordinal.div_euclid(4) as i32,
            quarter: (ordinal.rem_euclid(4) + 1) as u8,
        }
    }

    /// The quarter `n` quarters later (earlier when negative).
    #[must_use]
    pub fn offset(self, n: i64) -> Self {
        Self::from_ordinal(self.ordinal() + n)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.quarter)
    }
}

impl FromStr for Quarter {
    type Err = GrdpsimError;

    fn from_str(s: &str) -> Result<Self> {
        let p: Period = s.parse()?;
        if p.first == p.last {
            Ok(p.first_quarter())
        } else {
            Err(invalid(s, "expected a single quarter such as 2024Q3"))
        }
    }
}

/// Consecutive quarters `first..=last` of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    year: i32,
    first: u8,
    last: u8,
}

impl Period {
    /// Quarters `first..=last` of `year`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidPeriod`] unless `1 <= first <= last <= 4` and `year` is in
    /// [`YEARS`].
    pub fn new(year: i32, first: u8, last: u8) -> Result<Self> {
        check_year(year, || format!("{year}Q{first}-Q{last}"))?;
        if (1..=4).contains(&first) && (first..=4).contains(&last) {
            Ok(Self { year, first, last })
        } else {
            Err(invalid(
                &format!("{year}Q{first}-Q{last}"),
                "quarters must satisfy 1 <= first <= last <= 4",
            ))
        }
    }

    /// The single quarter `q`.
    pub fn quarter(q: Quarter) -> Self {
        q.into()
    }

    /// The whole year.
    pub fn year_of(year: i32) -> Self {
        Self {
            year,
            first: 1,
            last: 4,
        }
    }

    /// Parses a period label of `year`: `Q3`, `Q1-Q3`, `H1`, `H2`, `6M`, `9M`, `Y`, a full
    /// label (`2025Q3`, `2025`) or a Vietnamese one (`Quý III/2025`, `Quý 3`, `6 tháng`, `9T`,
    /// `Cả năm`), the year optional. The one parser of period labels within a year.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidPeriod`] for text that is not a period;
    /// [`GrdpsimError::PeriodOutsideYear`] for a period of another year.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::Period;
    /// assert_eq!(Period::parse_in_year("Quý III/2025", 2025)?, "2025Q3".parse()?);
    /// assert_eq!(Period::parse_in_year("9T", 2025)?.to_string(), "2025Q1-Q3");
    /// assert!(Period::parse_in_year("2024H1", 2025).is_err());
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn parse_in_year(text: &str, year: i32) -> Result<Self> {
        let t = text.trim();
        if t.is_empty() {
            return Err(invalid(
                text,
                "an empty label names no period (the year is `Y`)",
            ));
        }
        let p = if t.len() >= 4 && t.bytes().take(4).all(|b| b.is_ascii_digit()) {
            t.parse()?
        } else if let Some(p) = parse_within_year(t, year) {
            p
        } else {
            match parse_vietnamese(t) {
                Some((y, first, last)) => Period::new(y.unwrap_or(year), first, last)
                    .map_err(|_| invalid(text, PERIOD_FORMS))?,
                None => return Err(invalid(text, PERIOD_FORMS)),
            }
        };
        if p.year != year {
            return Err(GrdpsimError::PeriodOutsideYear {
                period: text.to_owned(),
                year,
            });
        }
        Ok(p)
    }

    /// The label people read, in `lang`: English as [`Display`](fmt::Display) (`2025Q3`,
    /// `2025H1`, `2025Q1-Q3`, `2025`); Vietnamese `Quý III/2025`, `6 tháng/2025`,
    /// `9 tháng/2025`, `6 tháng cuối năm/2025`, `Năm 2025`. Both parse back.
    ///
    /// ```
    /// use grdpsim::{lang::Lang, Period};
    /// let q3: Period = "2025Q3".parse()?;
    /// assert_eq!(q3.label(Lang::Vi), "Quý III/2025");
    /// assert_eq!(q3.label(Lang::Vi).parse::<Period>()?, q3);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn label(self, lang: Lang) -> String {
        match (lang, self.first, self.last) {
            (Lang::En, ..) => self.to_string(),
            (Lang::Vi, 1, 4) => format!("Năm {}", self.year),
            (Lang::Vi, ..) => format!("{}/{}", self.short_label_in(lang), self.year),
        }
    }

    /// The label within the year, in `lang`: English as [`Period::short_label`] (`Q3`, `H1`,
    /// `Q1-Q3`, `Y`); Vietnamese `Quý III`, `6 tháng`, `9 tháng`, `6 tháng cuối năm`,
    /// `Quý II-III`, `Cả năm`.
    pub fn short_label_in(self, lang: Lang) -> String {
        const ROMAN: [&str; 5] = ["", "I", "II", "III", "IV"];
        match (lang, self.first, self.last) {
            (Lang::En, ..) => self.short_label(),
            (Lang::Vi, 1, 4) => "Cả năm".into(),
            (Lang::Vi, 1, 2) => "6 tháng".into(),
            (Lang::Vi, 1, 3) => "9 tháng".into(),
            (Lang::Vi, 3, 4) => "6 tháng cuối năm".into(),
            (Lang::Vi, a, b) if a == b => format!("Quý {}", ROMAN[usize::from(a)]),
            (Lang::Vi, a, b) => format!("Quý {}-{}", ROMAN[usize::from(a)], ROMAN[usize::from(b)]),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// First quarter number, 1..=4.
    pub fn first(self) -> u8 {
        self.first
    }

    /// Last quarter number, 1..=4.
    pub fn last(self) -> u8 {
        self.last
    }

    pub fn first_quarter(self) -> Quarter {
        Quarter {
            year: self.year,
            quarter: self.first,
        }
    }

    pub fn last_quarter(self) -> Quarter {
        Quarter {
            year: self.year,
            quarter: self.last,
        }
    }

    /// The quarters of the period, in order.
    pub fn quarters(self) -> impl Iterator<Item = Quarter> {
        let year = self.year;
        (self.first..=self.last).map(move |quarter| Quarter { year, quarter })
    }

    /// The number of quarters, 1..=4.
    pub fn len(self) -> usize {
        usize::from(self.last - self.first + 1)
    }

    /// Always false: a period has at least one quarter.
    pub fn is_empty(self) -> bool {
        false
    }

    /// The same quarters one year earlier (the base of growth).
    #[must_use]
    pub fn previous_year(self) -> Self {
        Self {
            year: self.year - 1,
            ..self
        }
    }

    /// The same quarters in `year`.
    #[must_use]
    pub fn in_year(self, year: i32) -> Self {
        Self { year, ..self }
    }

    /// Whether `q` is one of the period's quarters.
    pub fn contains(self, q: Quarter) -> bool {
        q.year == self.year && (self.first..=self.last).contains(&q.quarter)
    }

    /// The label within the year: `Q3`, `H1`, `Q1-Q3`, `Y`.
    pub fn short_label(self) -> String {
        match (self.first, self.last) {
            (1, 4) => "Y".into(),
            (1, 2) => "H1".into(),
            (3, 4) => "H2".into(),
            (a, b) if a == b => format!("Q{a}"),
            (a, b) => format!("Q{a}-Q{b}"),
        }
    }
}

const PERIOD_FORMS: &str = "expected 2024Q3, 2024Q1-Q3, 2024H1, 2024H2, 2024 (or, within a year, \
     Q3, Q1-Q3, H1, 6M, 9M, Y), or in Vietnamese Quý III/2024, 6 tháng 2024, 9T/2024, Cả năm 2024";

fn invalid(text: &str, reason: &str) -> GrdpsimError {
    GrdpsimError::InvalidPeriod {
        text: text.to_owned(),
        reason: reason.to_owned(),
    }
}

fn quarter_digit(s: &str) -> Option<u8> {
    let d = s.strip_prefix(['Q', 'q'])?;
    match d {
        "1" => Some(1),
        "2" => Some(2),
        "3" => Some(3),
        "4" => Some(4),
        _ => None,
    }
}

/// `rest` is the part of a label after the year (may be empty).
fn parse_within_year(rest: &str, year: i32) -> Option<Period> {
    let up = rest.to_ascii_uppercase();
    let (first, last) = match up.as_str() {
        "" | "Y" | "YEAR" | "FY" | "12M" => (1, 4),
        "H1" | "6M" => (1, 2),
        "H2" => (3, 4),
        "9M" => (1, 3),
        "3M" => (1, 1),
        _ => {
            if let Some((a, b)) = up.split_once('-') {
                (quarter_digit(a)?, quarter_digit(b)?)
            } else {
                let q = quarter_digit(&up)?;
                (q, q)
            }
        }
    };
    Period::new(year, first, last).ok()
}

/// Letters of the Vietnamese period words without their marks, lower case: `Quý` and `quy`,
/// `Cả năm` and `ca nam` read the same.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ấ' | 'ầ'
            | 'ẩ' | 'ẫ' | 'ậ' => 'a',
            'é' | 'è' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ế' | 'ề' | 'ể' | 'ễ' | 'ệ' => {
                'e'
            }
            'í' | 'ì' | 'ỉ' | 'ĩ' | 'ị' => 'i',
            'ó' | 'ò' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ố' | 'ồ' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ớ' | 'ờ'
            | 'ở' | 'ỡ' | 'ợ' => 'o',
            'ú' | 'ù' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ứ' | 'ừ' | 'ử' | 'ữ' | 'ự' => {
                'u'
            }
            'ý' | 'ỳ' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
            'đ' => 'd',
            c => c,
        })
        .collect()
}

/// A quarter number in Roman (`III`) or Arabic (`3`) numerals.
fn quarter_numeral(s: &str) -> Option<u8> {
    match s.trim() {
        "1" | "i" => Some(1),
        "2" | "ii" => Some(2),
        "3" | "iii" => Some(3),
        "4" | "iv" => Some(4),
        _ => None,
    }
}

/// A Vietnamese period label, as releases and workbooks write them: `Quý III/2025`, `Quý 3
/// năm 2025`, `Quý II-III/2025`, `6 tháng 2025`, `6 tháng đầu năm`, `6 tháng cuối năm`, `9T/2025`,
/// `9 tháng`, `Cả năm 2025`, `Năm 2025`, with or without the diacritics. The year is optional
/// (None when absent); quarters `(first, last)`.
fn parse_vietnamese(text: &str) -> Option<(Option<i32>, u8, u8)> {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == '/' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (year, words) = match words.split_last() {
        Some((last, rest)) if last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()) => {
            (Some(last.parse().ok()?), rest)
        }
        _ => (None, &words[..]),
    };
    let mut phrase = words.join(" ");
    for tail in [" nam", " dau nam"] {
        if let Some(p) = phrase.strip_suffix(tail) {
            if !p.ends_with("cuoi") && !p.is_empty() {
                phrase = p.to_owned();
            }
        }
    }
    let (first, last) = match phrase.as_str() {
        "nam" | "ca" | "ca nam" | "12 thang" | "12t" => (1, 4),
        "" if year.is_some() => (1, 4),
        "6 thang" | "6t" | "6 thang dau" => (1, 2),
        "6 thang cuoi nam" | "6 thang cuoi" => (3, 4),
        "9 thang" | "9t" => (1, 3),
        "3 thang" | "3t" => (1, 1),
        other => {
            let q = other.strip_prefix("quy")?.trim();
            if let Some((a, b)) = q.split_once('-') {
                (quarter_numeral(a)?, quarter_numeral(b)?)
            } else {
                let n = quarter_numeral(q)?;
                (n, n)
            }
        }
    };
    Some((year, first, last))
}

/// A period label (`2025H2`) as people read it in `lang` (`6 tháng cuối năm/2025`); the text
/// as it is when it is not a period.
#[cfg(feature = "store")]
pub(crate) fn label_of(text: &str, lang: Lang) -> String {
    text.parse::<Period>()
        .map_or_else(|_| text.to_owned(), |p| p.label(lang))
}

impl FromStr for Period {
    type Err = GrdpsimError;

    /// Parses `2024Q3`, `2024Q1-Q3`, `2024H1`, `2024H2`, `2024-9M`, `2024`.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits < 4 {
            if let Some((Some(year), first, last)) = parse_vietnamese(t) {
                check_year(year, || s.to_owned())?;
                return Period::new(year, first, last).map_err(|_| invalid(s, PERIOD_FORMS));
            }
        }
        if digits > 4 {
            return Err(year_out_of_range(s.to_owned()));
        }
        if digits != 4 {
            return Err(invalid(s, PERIOD_FORMS));
        }
        let year: i32 = t[..4].parse().map_err(|_| invalid(s, PERIOD_FORMS))?;
        check_year(year, || s.to_owned())?;
        let rest = t[4..].trim_start_matches(['-', ' ']);
        parse_within_year(rest, year).ok_or_else(|| invalid(s, PERIOD_FORMS))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.first, self.last) {
            (1, 4) => write!(f, "{}", self.year),
            _ => write!(f, "{}{}", self.year, self.short_label()),
        }
    }
}

impl TryFrom<String> for Period {
    type Error = GrdpsimError;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> Self {
        p.to_string()
    }
}

/// A period argument of a query within one year: a [`Period`] of that year, or a label parsed
/// by [`Period::parse_in_year`] (see the [module documentation](self)).
pub trait IntoPeriod {
    /// The period within `year`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidPeriod`] for a label that is not a period;
    /// [`GrdpsimError::PeriodOutsideYear`] for a period of another year.
    fn into_period(self, year: i32) -> Result<Period>;
}

impl IntoPeriod for Period {
    fn into_period(self, year: i32) -> Result<Period> {
        if self.year == year {
            Ok(self)
        } else {
            Err(GrdpsimError::PeriodOutsideYear {
                period: self.to_string(),
                year,
            })
        }
    }
}

impl IntoPeriod for &Period {
    fn into_period(self, year: i32) -> Result<Period> {
        (*self).into_period(year)
    }
}

impl IntoPeriod for Quarter {
    fn into_period(self, year: i32) -> Result<Period> {
        Period::from(self).into_period(year)
    }
}

impl IntoPeriod for &str {
    fn into_period(self, year: i32) -> Result<Period> {
        Period::parse_in_year(self, year)
    }
}

impl IntoPeriod for &String {
    fn into_period(self, year: i32) -> Result<Period> {
        Period::parse_in_year(self, year)
    }
}

impl IntoPeriod for String {
    fn into_period(self, year: i32) -> Result<Period> {
        Period::parse_in_year(&self, year)
    }
}

impl From<Quarter> for Period {
    fn from(q: Quarter) -> Self {
        Self {
            year: q.year,
            first: q.quarter,
            last: q.quarter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_form() {
        for (text, canon) in [
            ("2024Q3", "2024Q3"),
            ("2024Q1-Q3", "2024Q1-Q3"),
            ("2024H1", "2024H1"),
            ("2024-6M", "2024H1"),
            ("2024 9M", "2024Q1-Q3"),
            ("2024H2", "2024H2"),
            ("2024", "2024"),
        ] {
            let p: Period = text.parse().unwrap();
            assert_eq!(p.to_string(), canon, "{text}");
            assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
        }
    }

    #[test]
    fn rejects_malformed_periods() {
        for text in ["24Q1", "2024Q5", "2024Q3-Q1", "2024H3", "Q1", "2024Q1-", ""] {
            assert!(text.parse::<Period>().is_err(), "{text}");
        }
    }

    #[test]
    fn labels_within_a_year() {
        assert_eq!(
            Period::parse_in_year("H1", 2025).unwrap().to_string(),
            "2025H1"
        );
        assert_eq!(Period::parse_in_year("9M", 2025).unwrap().len(), 3);
        assert!(Period::parse_in_year("2024Q1", 2025).is_err());
    }

    #[test]
    fn vietnamese_labels_parse_and_print() {
        for (text, canon) in [
            ("Quý 3/2025", "2025Q3"),
            ("Quý III/2025", "2025Q3"),
            ("quy iv nam 2025", "2025Q4"),
            ("Quý II-III/2025", "2025Q2-Q3"),
            ("6 tháng 2025", "2025H1"),
            ("6 tháng đầu năm 2025", "2025H1"),
            ("6 tháng cuối năm/2025", "2025H2"),
            ("9T/2025", "2025Q1-Q3"),
            ("9 tháng năm 2025", "2025Q1-Q3"),
            ("Cả năm 2025", "2025"),
            ("Năm 2025", "2025"),
        ] {
            let p: Period = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(p.to_string(), canon, "{text}");
            for lang in Lang::ALL {
                assert_eq!(p.label(lang).parse::<Period>().unwrap(), p, "{text} {lang}");
                assert_eq!(
                    Period::parse_in_year(&p.short_label_in(lang), 2025).unwrap(),
                    p
                );
            }
        }
        for (text, canon) in [
            ("6T", "2025H1"),
            ("Quý 1", "2025Q1"),
            ("Cả năm", "2025"),
            ("9 tháng", "2025Q1-Q3"),
        ] {
            assert_eq!(
                Period::parse_in_year(text, 2025).unwrap().to_string(),
                canon
            );
        }
        for text in ["Quý 5/2025", "Quý/2025", "7 tháng 2025", "Quý 3"] {
            assert!(text.parse::<Period>().is_err(), "{text}");
        }
        assert!(matches!(
            Period::parse_in_year("Quý 3/2024", 2025),
            Err(GrdpsimError::PeriodOutsideYear { .. })
        ));
    }

    #[test]
    fn years_outside_four_digits_are_rejected_everywhere() {
        for text in ["202400000Q1", "20242024Q4", "0999Q1", "99999"] {
            let e = text.parse::<Period>().unwrap_err();
            assert!(
                e.to_string().contains("between 1000 and 9999"),
                "{text}: {e}"
            );
        }
        assert!(Quarter::new(10_000, 1).is_err());
        assert!(Quarter::new(999, 4).is_err());
        assert!(Period::new(i32::MAX, 1, 4).is_err());
        assert!(Quarter::new(1000, 1).is_ok() && Quarter::new(9999, 4).is_ok());
        let raw: std::result::Result<Quarter, _> =
            serde_json::from_str(r#"{"year": 202400000, "quarter": 1}"#);
        assert!(raw.is_err());
    }

    #[test]
    fn quarter_ordinals_round_trip() {
        let q = Quarter::new(2024, 4).unwrap();
        assert_eq!(q.offset(1).to_string(), "2025Q1");
        assert_eq!(q.offset(-4).to_string(), "2023Q4");
        assert_eq!(Quarter::from_ordinal(q.ordinal()), q);
    }
}
