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
