//! Helpers shared by the tests that read the crate's sources (the module graph, the web's house
//! rules): the Rust files below a folder, and a file's library code without its unit tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The `.rs` files below `dir`, at any depth, in no particular order.
pub fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library code of a file: up to its unit tests' module (the first `#[cfg(test)]` that
/// a `mod` follows).
pub fn library_part(text: &str) -> &str {
    let mut at = 0;
    while let Some(i) = text[at..].find("#[cfg(test)]") {
        let after = text[at + i + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") {
            return &text[..at + i];
        }
        at += i + 1;
    }
    text
}

/// A token of Rust code, as much as the source readers need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A name, a keyword or a number.
    Ident(String),
    /// A string literal's text between its quotes, its escapes as written (`\"`, a `\` that
    /// ends a line): `"…"`, raw strings `r"…"` and `r#"…"#`, byte strings.
    Str(String),
    /// Any other character of code (`(`, `:`, `!`, ...).
    Punct(char),
}

/// The tokens of Rust code with the line each starts on; comments, character literals and
/// lifetimes' quotes skipped.
pub fn tokens(code: &str) -> Vec<(usize, Tok)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let mut block_depth = 0;
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if block_depth > 0 {
            if c == '*' && next == Some('/') {
                block_depth -= 1;
                i += 2;
            } else if c == '/' && next == Some('*') {
                block_depth += 1;
                i += 2;
            } else {
                i += 1;
            }
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            block_depth = 1;
            i += 2;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 3..chars.len()).find(|&j| chars[j] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            i = close.map_or(i + 1, |j| j + 1);
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !is_name(chars[i - 1]))
            && chars[i + 1..].iter().find(|&&h| h != '#') == Some(&'"')
        {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let start = i + 2 + hashes;
            let end_mark: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let mut j = start;
            while j < chars.len() && !chars[j..].starts_with(&end_mark) {
                j += 1;
            }
            let text: String = chars[start..j.min(chars.len())].iter().collect();
            let start_line = line;
            line += text.matches('\n').count();
            out.push((start_line, Tok::Str(text)));
            i = j + end_mark.len();
        } else if c == '"' {
            let mut j = i + 1;
            let mut text = String::new();
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' {
                    text.push(chars[j]);
                    j += 1;
                }
                if let Some(&x) = chars.get(j) {
                    text.push(x);
                }
                j += 1;
            }
            let start_line = line;
            line += text.matches('\n').count();
            out.push((start_line, Tok::Str(text)));
            i = j + 1;
        } else if is_name(c) {
            let mut j = i;
            while j < chars.len() && is_name(chars[j]) {
                j += 1;
            }
            out.push((line, Tok::Ident(chars[i..j].iter().collect())));
            i = j;
        } else {
            out.push((line, Tok::Punct(c)));
            i += 1;
        }
    }
    out
}
