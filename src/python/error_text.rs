//! The core's catalog of error phrases ([`crate::error_text`]) for the Python package's own
//! errors: `grdpsim._lang.said` reads the Vietnamese of the English it writes through
//! [`phrase`], so that one catalog holds the words of every error, and the package's test of
//! its error texts checks what is left English with [`english_words`].

use pyo3::prelude::*;

use crate::error_text;
use crate::lang::Lang;

/// `text`, a phrase written in English, in `lang` (`en` or `vi`): from the catalog in
/// Vietnamese, its holes read in turn, as written where the catalog does not know it.
#[pyfunction]
fn phrase(text: &str, lang: &str) -> PyResult<String> {
    Ok(error_text::phrase(lang.parse::<Lang>()?, text))
}

/// The English words left in `text` once the values it quotes (`"..."`) are taken out.
#[pyfunction]
fn english_words(text: &str) -> Vec<String> {
    error_text::english_words(text)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(phrase, m)?)?;
    m.add_function(wrap_pyfunction!(english_words, m)?)
}
