//! The language of what grdpsim writes for people: table headers, period labels, reports,
//! messages. Vietnamese (`vi`) and English (`en`); every text a reader sees exists in both.
//!
//! ```
//! use grdpsim::lang::Lang;
//! let vi: Lang = "vi".parse()?;
//! assert_eq!(vi.pick("Year", "Cả năm"), "Cả năm");
//! assert_eq!(vi.to_string(), "vi");
//! assert!("fr".parse::<Lang>().is_err());
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use crate::error::GrdpsimError;

/// How a number that is not finite is written for people.
const MISSING: &str = "–";

/// A language grdpsim writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Vietnamese (tiếng Việt).
    Vi,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// The text in this language, given both.
    #[must_use]
    pub fn pick<'a>(self, en: &'a str, vi: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }

    /// A unit of measure as this language writes it: the units the province's indicators use
    /// in English (`bn VND`, `million VND`, `households`, ...) read in Vietnamese on a
    /// Vietnamese page (`tỷ đồng`, ...), and the Vietnamese ones in English on an English page;
    /// any other unit as it was typed.
    ///
    /// ```
    /// use grdpsim::lang::Lang;
    /// assert_eq!(Lang::Vi.unit("bn VND"), "tỷ đồng");
    /// assert_eq!(Lang::En.unit("tỷ đồng"), "bn VND");
    /// assert_eq!(Lang::Vi.unit("%"), "%");
    /// ```
    #[must_use]
    pub fn unit(self, unit: &str) -> &str {
        UNITS
            .iter()
            .find(|(en, vi)| unit == *en || unit == *vi)
            .map_or(unit, |(en, vi)| self.pick(en, vi))
    }

    /// The ISO 639-1 code: `en` or `vi`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.pick("en", "vi")
    }

    /// `x` with `decimals` decimals as a reader of this language writes it: `6.56` in English
    /// (what `format!("{x:.2}")` writes), `6,56` in Vietnamese (dấu phẩy thập phân, as the GSO's
    /// releases write it). No thousands separator (see [`Lang::grouped`]). A number that is
    /// not finite is written `–`, as the web pages write a missing figure.
    ///
    /// ```
    /// use grdpsim::lang::Lang;
    /// assert_eq!(Lang::En.number(6.555_1, 2), "6.56");
    /// assert_eq!(Lang::Vi.number(6.555_1, 2), "6,56");
    /// assert_eq!(Lang::Vi.number(-1.04, 2), "-1,04");
    /// assert_eq!(Lang::Vi.number(3583.0, 0), "3583");
    /// ```
    #[must_use]
    pub fn number(self, x: f64, decimals: usize) -> String {
        self.notation(x, &format!("{x:.decimals$}"))
    }

    /// Like [`Lang::number`], with a sign also before a positive number (a change, a gap):
    /// `+0.25` / `-1.04` in English, `+0,25` / `-1,04` in Vietnamese.
    ///
    /// ```
    /// use grdpsim::lang::Lang;
    /// assert_eq!(Lang::En.signed(0.25, 2), "+0.25");
    /// assert_eq!(Lang::Vi.signed(-1.04, 2), "-1,04");
    /// ```
    #[must_use]
    pub fn signed(self, x: f64, decimals: usize) -> String {
        self.notation(x, &format!("{x:+.decimals$}"))
    }

    /// `x` with as many decimals as it takes to write it exactly (what `format!("{x}")`
    /// writes): a figure a user gave (`1.5`, `8.25`), in this language's notation.
    ///
    /// ```
    /// use grdpsim::lang::Lang;
    /// assert_eq!(Lang::En.shortest(8.25), "8.25");
    /// assert_eq!(Lang::Vi.shortest(8.25), "8,25");
    /// assert_eq!(Lang::Vi.shortest(2.0), "2");
    /// ```
    #[must_use]
    pub fn shortest(self, x: f64) -> String {
        self.notation(x, &x.to_string())
    }

    /// Like [`Lang::number`], its whole part in groups of three: `3,583.0` in English,
    /// `3.583,0` in Vietnamese (amounts of money). A number that rounds to zero has no sign.
    ///
    /// ```
    /// use grdpsim::lang::Lang;
    /// assert_eq!(Lang::En.grouped(1_234_567.89, 1), "1,234,567.9");
    /// assert_eq!(Lang::Vi.grouped(1_234_567.89, 1), "1.234.567,9");
    /// assert_eq!(Lang::Vi.grouped(-3583.0, 0), "-3.583");
    /// ```
    #[must_use]
    pub fn grouped(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return MISSING.to_owned();
        }
        let plain = format!("{:.decimals$}", x.abs());
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
        let (thousands, point) = self.separators();
        let mut out = String::with_capacity(plain.len() + whole.len() / 3 + 1);
        if x < 0.0 && plain.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            out.push('-');
        }
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(thousands);
            }
            out.push(digit);
        }
        if !fraction.is_empty() {
            out.push(point);
            out.push_str(fraction);
        }
        out
    }

    /// A figure as a reader of this language types it, as the pages display it: in Vietnamese
    /// `1.250,5`, `1250,5` and `1.705.027` (dots between thousands, a decimal comma), in
    /// English `1,250.5` and `1,705,027`; in both the plain `1250.5` that programs and
    /// spreadsheets export. An optional sign leads. What could be read two ways is refused,
    /// saying both readings: `1.250` in Vietnamese is 1250 with a thousands dot and 1.25 with a
    /// decimal point (write `1.250,0` or `1,25`).
    ///
    /// # Errors
    /// [`NumberError`] saying what was read: blank, not a number, marks that do not group
    /// thousands, or two readings.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::lang::{Lang, NumberError};
    /// assert_eq!(Lang::Vi.parse_number("1.250,5"), Ok(1250.5));
    /// assert_eq!(Lang::Vi.parse_number("1.705.027"), Ok(1_705_027.0));
    /// assert_eq!(Lang::Vi.parse_number("1250.5"), Ok(1250.5));
    /// assert_eq!(Lang::En.parse_number("1,250.5"), Ok(1250.5));
    /// assert!(matches!(Lang::Vi.parse_number("1.250"), Err(NumberError::Ambiguous { .. })));
    /// ```
    pub fn parse_number(self, text: &str) -> Result<f64, NumberError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(NumberError::Empty);
        }
        let not_a_number = || NumberError::NotANumber { text: t.to_owned() };
        let grouping = || NumberError::BadGrouping {
            text: t.to_owned(),
            lang: self,
        };
        let (negative, unsigned) = match t.as_bytes()[0] {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, t),
        };
        if unsigned.is_empty()
            || !unsigned
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        {
            return Err(not_a_number());
        }
        let (thousands, point) = self.separators();
        let marks = |c: char| unsigned.matches(c).count();
        let (whole, fraction) = match (marks(thousands), marks(point)) {
            (_, 0) if marks(thousands) == 1 && self == Lang::Vi => {
                // One dot: a Vietnamese thousands mark or a plain decimal point.
                let (w, f) = unsigned.split_once('.').unwrap_or((unsigned, ""));
                let groups = (1..=3).contains(&w.len()) && !w.starts_with('0') && f.len() == 3;
                if groups {
                    let value = |s: &str| s.parse::<f64>().map_err(|_| not_a_number());
                    let sign = if negative { -1.0 } else { 1.0 };
                    return Err(NumberError::Ambiguous {
                        text: t.to_owned(),
                        thousands: sign * value(&format!("{w}{f}"))?,
                        decimal: sign * value(&format!("{w}.{f}"))?,
                    });
                }
                (w.to_owned(), f)
            }
            (_, 0) => (whole_of(unsigned, thousands).ok_or_else(grouping)?, ""),
            (_, 1) => {
                let (w, f) = unsigned.split_once(point).unwrap_or((unsigned, ""));
                if f.contains(thousands) || f.is_empty() {
                    return Err(grouping());
                }
                (whole_of(w, thousands).ok_or_else(grouping)?, f)
            }
            _ => return Err(grouping()),
        };
        let x: f64 = format!(
            "{whole}.{}",
            if fraction.is_empty() { "0" } else { fraction }
        )
        .parse()
        .map_err(|_| not_a_number())?;
        if !x.is_finite() {
            return Err(not_a_number());
        }
        Ok(if negative { -x } else { x })
    }

    /// The thousands separator and the decimal mark.
    fn separators(self) -> (char, char) {
        match self {
            Lang::En => (',', '.'),
            Lang::Vi => ('.', ','),
        }
    }

    /// `written` (a number as Rust writes it) in this language's notation; `–` for a number
    /// that is not finite.
    fn notation(self, x: f64, written: &str) -> String {
        match self {
            _ if !x.is_finite() => MISSING.to_owned(),
            Lang::En => written.to_owned(),
            Lang::Vi => written.replace('.', ","),
        }
    }
}

/// The digits of a whole part written with `thousands` between groups of three (`1.705.027`),
/// or without any (`1705027`); `None` if the groups are not thousands.
fn whole_of(written: &str, thousands: char) -> Option<String> {
    let mut groups = written.split(thousands);
    let first = groups.next()?;
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) || (written.contains(thousands) && first.len() > 3) {
        return None;
    }
    let mut out = first.to_owned();
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
}

/// Why a figure typed by a person could not be read ([`Lang::parse_number`]); its
/// [`NumberError::message`] says so in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberError {
    /// Nothing but blanks.
    Empty,
    /// Not a number (letters, other marks).
    NotANumber {
        /// What was typed.
        text: String,
    },
    /// Marks that do not separate thousands the way the language writes them (`12,34,5`).
    BadGrouping {
        /// What was typed.
        text: String,
        /// The language it was read in.
        lang: Lang,
    },
    /// A figure that reads two ways: `1.250` is 1250 with a Vietnamese thousands dot and 1.25
    /// with a decimal point.
    Ambiguous {
        /// What was typed.
        text: String,
        /// The reading with a thousands mark.
        thousands: f64,
        /// The reading with a decimal point.
        decimal: f64,
    },
}

impl NumberError {
    /// What was wrong, in `lang`, with the readings in its notation.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Empty, Lang::En) => "a number is required".to_owned(),
            (Self::Empty, Lang::Vi) => "cần nhập một số".to_owned(),
            (Self::NotANumber { text }, Lang::En) => format!("{text:?} is not a number"),
            (Self::NotANumber { text }, Lang::Vi) => format!("{text:?} không phải là số"),
            (Self::BadGrouping { text, lang: read }, Lang::En) => format!(
                "{text:?}: the marks do not separate thousands (write {} or 1250.5)",
                read.grouped(1250.5, 1)
            ),
            (Self::BadGrouping { text, lang: read }, Lang::Vi) => format!(
                "{text:?}: dấu chấm, dấu phẩy không tách đúng hàng nghìn (hãy viết {} hoặc 1250.5)",
                read.grouped(1250.5, 1)
            ),
            (
                Self::Ambiguous {
                    text,
                    thousands,
                    decimal,
                },
                _,
            ) => {
                let (a, b) = (Lang::Vi.grouped(*thousands, 1), Lang::Vi.shortest(*decimal));
                match lang {
                    Lang::En => format!(
                        "{text:?} reads two ways, {} or {}: write {a} or {b}",
                        lang.shortest(*thousands),
                        lang.shortest(*decimal),
                    ),
                    Lang::Vi => format!(
                        "{text:?} đọc được hai cách, {} hoặc {}: hãy viết {a} hoặc {b}",
                        Lang::Vi.number(*thousands, 0),
                        Lang::Vi.shortest(*decimal),
                    ),
                }
            }
        }
    }
}

impl fmt::Display for NumberError {
    /// The English message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for NumberError {}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = GrdpsimError;

    /// `en` or `vi` (any case; `english`, `vietnamese`, `tiếng việt` too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "vi" | "vietnamese" | "tiếng việt" | "tieng viet" => Ok(Lang::Vi),
            _ => Err(GrdpsimError::invalid_argument(
                "lang",
                format!("{s:?} is neither 'en' nor 'vi'"),
            )),
        }
    }
}

/// A note for readers in both languages (ghi chú): what a report shows where a figure differs
/// from a release, and why. A note written in one language only (a user's own, or a plain
/// string in an older scenario file) reads the same in both.
///
/// In scenario files a note with one text is a plain string and a bilingual one a table
/// `{ en = "...", vi = "..." }`; both read back.
///
/// ```
/// use grdpsim::lang::{Lang, Note};
/// let n = Note::new("Q1 was revised.", "Quý I đã được điều chỉnh.");
/// assert_eq!(n.text(Lang::Vi), "Quý I đã được điều chỉnh.");
/// let own: Note = "Seen by the committee.".into();
/// assert_eq!(own.text(Lang::Vi), own.text(Lang::En));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(from = "NoteText", into = "NoteText")]
pub struct Note {
    en: String,
    vi: String,
}

impl Note {
    /// A note in English and in Vietnamese.
    pub fn new(en: impl Into<String>, vi: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            vi: vi.into(),
        }
    }

    /// A note written once, shown as written in both languages.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            en: text.clone(),
            vi: text,
        }
    }

    /// The note in `lang`.
    #[must_use]
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.vi)
    }

    /// Whether the text of either language contains `pattern` (a sector code, a figure), as
    /// one searches a list of notes whatever language they were written in.
    ///
    /// ```
    /// let n = grdpsim::lang::Note::new("CN from the IIP", "CN theo chỉ số IIP");
    /// assert!(n.contains("IIP") && n.contains("chỉ số") && !n.contains("GRDP"));
    /// ```
    #[must_use]
    pub fn contains(&self, pattern: &str) -> bool {
        self.en.contains(pattern) || self.vi.contains(pattern)
    }

    /// Whether the note has one text for both languages.
    #[must_use]
    pub fn is_same(&self) -> bool {
        self.en == self.vi
    }
}

impl From<String> for Note {
    fn from(text: String) -> Self {
        Self::same(text)
    }
}

impl From<&str> for Note {
    fn from(text: &str) -> Self {
        Self::same(text)
    }
}

impl fmt::Display for Note {
    /// The English text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// How a [`Note`] is written in files: one text, or both.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum NoteText {
    One(String),
    Both { en: String, vi: String },
}

impl From<NoteText> for Note {
    fn from(t: NoteText) -> Self {
        match t {
            NoteText::One(text) => Self::same(text),
            NoteText::Both { en, vi } => Self { en, vi },
        }
    }
}

impl From<Note> for NoteText {
    fn from(n: Note) -> Self {
        if n.is_same() {
            NoteText::One(n.en)
        } else {
            NoteText::Both { en: n.en, vi: n.vi }
        }
    }
}

/// Units of measure in both languages, for [`Lang::unit`].
const UNITS: [(&str, &str); 5] = [
    ("bn VND", "tỷ đồng"),
    ("million VND", "triệu đồng"),
    ("VND", "đồng"),
    ("households", "hộ"),
    ("projects", "dự án"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_numbers_are_what_format_writes() {
        for x in [6.555_1, -1.04, 0.005, -0.004, 3583.0, 1e6 + 0.25, 0.0] {
            for d in 0..4 {
                assert_eq!(Lang::En.number(x, d), format!("{x:.d$}"));
                assert_eq!(Lang::En.signed(x, d), format!("{x:+.d$}"));
            }
            assert_eq!(Lang::En.shortest(x), x.to_string());
        }
    }

    #[test]
    fn vietnamese_numbers_have_a_decimal_comma() {
        // GSO, Cao Bằng 6 months of 2025: GRDP +6.56%, 1.04 points below the scenario.
        assert_eq!(Lang::Vi.number(6.56, 2), "6,56");
        assert_eq!(Lang::Vi.number(-1.04, 2), "-1,04");
        assert_eq!(Lang::Vi.number(2.675, 1), "2,7");
        assert_eq!(Lang::Vi.number(0.125, 2), "0,12"); // an exact tie: format! rounds to even
        assert_eq!(Lang::Vi.number(12.0, 0), "12");
        assert_eq!(Lang::Vi.number(3583.25, 1), "3583,2");
        assert_eq!(Lang::Vi.signed(0.25, 2), "+0,25");
        assert_eq!(Lang::Vi.signed(-0.25, 2), "-0,25");
        assert_eq!(Lang::Vi.signed(0.0, 1), "+0,0");
        assert_eq!(Lang::Vi.shortest(0.75), "0,75");
        assert_eq!(Lang::Vi.shortest(-1e-7), "-0,0000001");
    }

    #[test]
    fn thousands_are_grouped_with_the_other_mark() {
        assert_eq!(Lang::En.grouped(3583.0, 1), "3,583.0");
        assert_eq!(Lang::Vi.grouped(3583.0, 1), "3.583,0");
        assert_eq!(Lang::Vi.grouped(3583.0, 0), "3.583");
        assert_eq!(Lang::Vi.grouped(999.95, 1), "1.000,0");
        assert_eq!(Lang::Vi.grouped(999.0, 1), "999,0");
        assert_eq!(Lang::En.grouped(-1_000.0, 1), "-1,000.0");
        assert_eq!(Lang::Vi.grouped(-1_234_567.89, 2), "-1.234.567,89");
        assert_eq!(Lang::En.grouped(123_456.0, 0), "123,456");
        // A debt of 40 000 VND is 0.0 million, not "-0.0".
        assert_eq!(Lang::En.grouped(-0.04, 1), "0.0");
    }

    #[test]
    fn a_number_that_is_not_finite_is_a_dash() {
        for lang in Lang::ALL {
            for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                assert_eq!(lang.number(x, 2), "–");
                assert_eq!(lang.signed(x, 2), "–");
                assert_eq!(lang.grouped(x, 1), "–");
                assert_eq!(lang.shortest(x), "–");
            }
        }
    }

    #[test]
    fn numbers_read_as_they_are_displayed() {
        let vi = |s: &str| Lang::Vi.parse_number(s);
        let en = |s: &str| Lang::En.parse_number(s);
        // What the Vietnamese pages display, and the plain figure of a program.
        assert_eq!(vi("1.250,5"), Ok(1250.5));
        assert_eq!(vi("1250,5"), Ok(1250.5));
        assert_eq!(vi("1250.5"), Ok(1250.5));
        assert_eq!(vi("1.705.027"), Ok(1_705_027.0));
        assert_eq!(vi("1.705.027,0"), Ok(1_705_027.0));
        assert_eq!(vi(" 12,5 "), Ok(12.5));
        assert_eq!(vi("0.250"), Ok(0.25));
        assert_eq!(vi("-3,5"), Ok(-3.5));
        assert_eq!(vi("3000000"), Ok(3_000_000.0));
        assert_eq!(en("1,250.5"), Ok(1250.5));
        assert_eq!(en("1,705,027"), Ok(1_705_027.0));
        assert_eq!(en("1.250"), Ok(1.25));
        assert_eq!(en("1250.5"), Ok(1250.5));
        // Every figure the pages write reads back.
        for x in [0.0, 0.5, 12.0, 999.9, 1250.5, 1_705_027.0, 123_456_789.1] {
            for lang in Lang::ALL {
                assert_eq!(lang.parse_number(&lang.grouped(x, 1)), Ok(x), "{lang} {x}");
                assert_eq!(lang.parse_number(&lang.number(x, 1)), Ok(x), "{lang} {x}");
            }
        }
    }

    #[test]
    fn a_figure_that_reads_two_ways_is_refused_with_both_readings() {
        let e = Lang::Vi.parse_number("1.250").unwrap_err();
        assert_eq!(
            e,
            NumberError::Ambiguous {
                text: "1.250".into(),
                thousands: 1250.0,
                decimal: 1.25
            }
        );
        let vi = e.message(Lang::Vi);
        assert!(
            vi.contains("1250 hoặc 1,25") && vi.contains("1.250,0"),
            "{vi}"
        );
        assert!(e.to_string().contains("1250 or 1.25"), "{e}");
    }

    #[test]
    fn what_is_not_a_figure_is_refused_in_the_readers_language() {
        for (lang, text) in [
            (Lang::Vi, "1,250,5"),
            (Lang::Vi, "1.25.0"),
            (Lang::Vi, "1.250,5,0"),
            (Lang::En, "12,5"),
            (Lang::En, "1.250.5"),
            (Lang::En, "1,2345"),
        ] {
            assert!(
                matches!(
                    lang.parse_number(text),
                    Err(NumberError::BadGrouping { .. })
                ),
                "{lang} {text}"
            );
        }
        for text in ["abc", "12a", "-", "1e6", "1 250"] {
            assert!(
                matches!(
                    Lang::Vi.parse_number(text),
                    Err(NumberError::NotANumber { .. })
                ),
                "{text}"
            );
        }
        assert_eq!(Lang::Vi.parse_number("  "), Err(NumberError::Empty));
        let e = Lang::Vi.parse_number("1,250,5").unwrap_err();
        assert!(
            e.message(Lang::Vi).contains("hàng nghìn"),
            "{}",
            e.message(Lang::Vi)
        );
        assert!(e.message(Lang::Vi).contains("1.250,5"));
        assert!(Lang::En
            .parse_number("x")
            .unwrap_err()
            .message(Lang::Vi)
            .contains("không phải là số"));
    }
}
