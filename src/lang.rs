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
