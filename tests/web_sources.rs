//! The web page's house rules, read from its sources (issue 24): no file of `src/web/` over
//! 500 lines, and no Vietnamese text written inline in its code, so that every sentence a user
//! reads comes from the message catalog (`src/web/catalog*.rs`) in both languages.
//!
//! A string literal is Vietnamese when it holds a letter only Vietnamese (among the page's two
//! languages) writes: `ă â đ ê ô ơ ư`, a tone mark, or any other accented Latin letter.
//! Comments and character literals do not count (a doc may give a Vietnamese term; `'đ'` is
//! read as `d` in an address), nor a file's unit tests (from its `#[cfg(test)] mod`), which
//! check what the pages show.

use std::path::{Path, PathBuf};

mod source_support;
use source_support::{library_part, sources, tokens, Tok};

/// The most lines a file of `src/web/` may have.
const MOST_LINES: usize = 500;

fn web_sources() -> Vec<PathBuf> {
    let mut out = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web"),
        &mut out,
    );
    out.sort();
    assert!(out.len() > 10, "src/web not found: {out:?}");
    out
}

/// The string literals of Rust code with the line each starts on, comments and character
/// literals skipped (`source_support::tokens`).
fn string_literals(code: &str) -> Vec<(usize, String)> {
    tokens(code)
        .into_iter()
        .filter_map(|(line, t)| match t {
            Tok::Str(text) => Some((line, text)),
            _ => None,
        })
        .collect()
}

/// Whether `text` holds a letter of Vietnamese that English does not write: an accented Latin
/// letter (Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional, where the
/// precomposed Vietnamese letters are) or a combining mark (a tone written apart).
fn has_vietnamese_letter(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}'
            | '\u{0300}'..='\u{036F}' | '\u{1E00}'..='\u{1EFF}')
    })
}

#[test]
fn no_web_source_file_exceeds_500_lines() {
    let over: Vec<String> = web_sources()
        .iter()
        .filter_map(|p| {
            let lines = std::fs::read_to_string(p).unwrap().lines().count();
            (lines > MOST_LINES).then(|| format!("{} ({lines} lines)", p.display()))
        })
        .collect();
    assert!(
        over.is_empty(),
        "over {MOST_LINES} lines, split by what each part does: {over:#?}"
    );
}

#[test]
fn no_vietnamese_text_is_written_outside_the_catalog() {
    let mut found = Vec::new();
    for path in web_sources() {
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.starts_with("catalog") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (line, literal) in string_literals(library_part(&text)) {
            if has_vietnamese_letter(&literal) {
                found.push(format!("{}:{line}: {literal:?}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Vietnamese written inline; give it a message of src/web/catalog.rs: {found:#?}"
    );
}

/// The reader on constructed code: strings in code (raw, escaped, over two lines) are found
/// with their lines, those in comments and character literals are not; Vietnamese letters are
/// told from English text.
#[test]
fn the_reader_finds_string_literals_and_vietnamese_letters() {
    let code = "// \"Sở trong chú thích\"\n\
                /* \"khối\" /* lồng \"nhau\" */ */\n\
                let a = \"plain \\\"quoted\\\" text\"; let c = 'đ'; let q = '\"';\n\
                fn f<'a>(x: &'a str) {}\n\
                let b = r#\"Bảng \"thô\"\"#;\n\
                let m = \"hai\n dòng\"; let e = \"end\";\n";
    let found = string_literals(code);
    assert_eq!(
        found,
        [
            (3, "plain \\\"quoted\\\" text".to_owned()),
            (5, "Bảng \"thô\"".to_owned()),
            (6, "hai\n dòng".to_owned()),
            (7, "end".to_owned()),
        ]
    );
    let flagged: Vec<bool> = found
        .iter()
        .map(|(_, t)| has_vietnamese_letter(t))
        .collect();
    assert_eq!(flagged, [false, true, true, false]);
    // Each letter the rule names, a tone alone (NFD) and precomposed; English and signs not.
    for vi in [
        "ă",
        "â",
        "đ",
        "ê",
        "ô",
        "ơ",
        "ư",
        "Đ",
        "ạ",
        "ề",
        "a\u{0301}",
        "Hòa An",
    ] {
        assert!(has_vietnamese_letter(vi), "{vi}");
    }
    for en in [
        "Department of Finance",
        "1.250,5",
        "→ – · %",
        "",
        "x\u{200b}y",
    ] {
        assert!(!has_vietnamese_letter(en), "{en}");
    }
    // A file's unit tests are left out; code after a `#[cfg(test)]` item that is not a module
    // is kept.
    let file = "let a = 1;\n#[cfg(test)]\nuse x;\nlet b = 2;\n#[cfg(test)]\nmod tests { \"Sở\" }\n";
    assert_eq!(
        library_part(file),
        "let a = 1;\n#[cfg(test)]\nuse x;\nlet b = 2;\n"
    );
}
