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
}
