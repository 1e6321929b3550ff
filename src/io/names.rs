//! Names as people type them: sheet and column headers compared after Unicode NFC
//! normalisation, case folding and trimming, and near names recognised for a suggestion. Used
//! by the workbook readers and the store's CSV imports alike.

use unicode_normalization::UnicodeNormalization;

/// The key two names are compared by: NFC, case folded, trimmed, inner spaces single.
pub(crate) fn name_key(name: &str) -> String {
    let nfc: String = name.nfc().collect();
    nfc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(feature = "xlsx")]
/// The letters and digits of a name without their accents (`thuc hien` for `Thực hiện (%)`):
/// how a near name is recognised.
fn bare(name: &str) -> String {
    name_key(name)
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(feature = "xlsx")]
/// Whether `found` looks like a misspelling of `expected` (not the same name): the same
/// letters without accents and punctuation, one a prefix of the other (`Actual` for
/// `Actuals`, `Thực hiện (%)` for `Thực hiện`), or two edits apart.
pub(crate) fn is_near(expected: &str, found: &str) -> bool {
    let (e, f) = (bare(expected), bare(found));
    if e.is_empty() || f.is_empty() || name_key(expected) == name_key(found) {
        return false;
    }
    e == f
        || (e.chars().count() >= 4 && (f.starts_with(&e) || e.starts_with(&f)))
        || (e.chars().count() >= 5 && edits(&e, &f) <= 2)
}

#[cfg(feature = "xlsx")]
/// Levenshtein distance (names are short).
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
