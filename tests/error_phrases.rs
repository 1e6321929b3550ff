//! Every reason and message the library writes in English reads in Vietnamese (issue 28), read
//! from its sources so that the next phrase written without its Vietnamese fails here.
//!
//! The free-text fields of an error (`reason`, `message`, `hint`, `needed_for`, `what` of
//! `GrdpsimError` and `RowProblem`) are filled with literals or `format!` strings, and the
//! reader finds them: a struct literal's field (`reason: "…".into()`); an argument of a helper
//! whose parameter of that name carries it on (`RowCtx::bad(column, reason)`,
//! `invalid_argument(name, message)`, a closure `|row, reason: &str|`), the helpers found by
//! their signatures in the same sources, not listed here; an `Err("…")` that a parser returns
//! as the reason (`parse_amount`); a reason chosen first (`let reason = if .. { "…" } ..`);
//! and an `io::Error` the library makes itself. Each literal, its holes (`{code}`, `{}`)
//! filled with a quoted value, must be read by `error_text::phrase` into Vietnamese with no
//! English word left (`english_words`), unless [`CODES`] says why it is a code, not prose.
//! A reason kept in a variable of another name, or returned by a function of its own, is not
//! seen; such reasons are better an enum with its text per language (as
//! `monitoring::notes::SkipReason`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use grdpsim::error_text::{english_words, phrase};
use grdpsim::lang::Lang;

mod source_support;
use source_support::{library_part, sources, tokens, Tok};

/// The free-text fields of `GrdpsimError` and `RowProblem`.
const FIELDS: &[&str] = &["reason", "message", "hint", "needed_for", "what"];

/// The parameter names through which a helper passes free text on into such a field.
const PARAMS: &[&str] = &["reason", "message", "hint", "needed_for", "why"];

/// Calls whose first argument is the free text: a parser's `Err(reason)` that a caller puts in
/// a row's reason, and the tuple variant `InvalidTree(why)`.
const FIRST_ARGUMENT: &[&str] = &["Err", "InvalidTree"];

/// Literals in those places that are codes or names, not prose: they are shown as written in
/// every language.
const CODES: &[(&str, &str)] = &[
    ("y", "the argument's name (LengthMismatch::what)"),
    ("indicator", "the argument's name (LengthMismatch::what)"),
    ("x", "the argument's name (LengthMismatch::what)"),
    ("nowcast", "the function's name (Disaggregation::what)"),
    ("denton", "the method's name (Disaggregation::what)"),
    (
        "denton-cholette",
        "the method's name (Disaggregation::what)",
    ),
    ("paths", "the argument's name (AboveCeiling::what)"),
    (
        "paths (kept)",
        "the argument's name and flag (AboveCeiling::what)",
    ),
    ("threads", "the argument's name (AboveCeiling::what)"),
    ("per_path", "the argument's name (AboveCeiling::what)"),
    (
        "amount: {}",
        "a form field's name before its error, already in the reader's language",
    ),
    (
        "decided_on: {}",
        "a form field's name before its error, already in the reader's language",
    ),
];

/// A helper that carries free text on: its file, its name, the position of that parameter
/// (`self` not counted), whether it is a method and whether it is seen in its file only (a
/// closure). A function's name called in another file is read as the helper when every file
/// that has a helper of that name agrees on the parameter (`bad`, `invalid_argument`), not when
/// they differ (two private `error` methods): the call may be to another function.
#[derive(Debug, Clone, PartialEq)]
struct Helper {
    file: String,
    /// The token it is defined at: of two closures of one name in a file, a call is to the
    /// last defined before it.
    at: usize,
    name: String,
    index: usize,
    method: bool,
    local: bool,
}

/// One literal written into a free-text field: where, and its text with its holes as `{}`.
#[derive(Debug, Clone, PartialEq)]
struct Site {
    file: String,
    line: usize,
    text: String,
}

type Tokens = [(usize, Tok)];

fn is_punct(t: Option<&(usize, Tok)>, c: char) -> bool {
    matches!(t, Some((_, Tok::Punct(p))) if *p == c)
}

fn ident(t: Option<&(usize, Tok)>) -> Option<&str> {
    match t {
        Some((_, Tok::Ident(s))) => Some(s),
        _ => None,
    }
}

/// The parts of a delimited list that opens at `open` (`(`, `|`, or after a field's `:`),
/// split at its top-level commas, up to its close: each as a range of token positions.
/// `angles`: `<` and `>` nest too (a signature's `impl Into<String>`), not in code, where
/// they compare.
fn parts(toks: &Tokens, open: usize, close: char, angles: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, open + 1);
    let mut i = open + 1;
    while i < toks.len() {
        match &toks[i].1 {
            Tok::Punct('-') if is_punct(toks.get(i + 1), '>') => i += 1,
            Tok::Punct(c) if depth == 0 && (*c == close || matches!(c, ')' | '}' | ']' | ';')) => {
                out.push((start, i));
                return out;
            }
            Tok::Punct(',') if depth == 0 => {
                out.push((start, i));
                start = i + 1;
            }
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => depth -= 1,
            Tok::Punct('<') if angles => depth += 1,
            Tok::Punct('>') if angles => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    out.push((start, i));
    out
}

/// The helpers of a file: functions and closures with a parameter named in [`PARAMS`].
fn helpers(file: &str, toks: &Tokens) -> Vec<Helper> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let (name, open, close) = match ident(toks.get(i)) {
            Some("fn") => {
                let Some(name) = ident(toks.get(i + 1)) else {
                    continue;
                };
                let Some(open) = (i + 2..toks.len()).find(|&j| is_punct(toks.get(j), '(')) else {
                    continue;
                };
                (name, open, ')')
            }
            Some("let") => {
                let at = if ident(toks.get(i + 1)) == Some("mut") {
                    i + 2
                } else {
                    i + 1
                };
                let (Some(name), true) = (ident(toks.get(at)), is_punct(toks.get(at + 1), '='))
                else {
                    continue;
                };
                let bar = if ident(toks.get(at + 2)) == Some("move") {
                    at + 3
                } else {
                    at + 2
                };
                if !is_punct(toks.get(bar), '|') {
                    continue;
                }
                (name, bar, '|')
            }
            _ => continue,
        };
        let mut index = 0;
        let mut method = false;
        for (start, end) in parts(toks, open, close, true) {
            let names: Vec<&str> = (start..end).filter_map(|j| ident(toks.get(j))).collect();
            if names.first() == Some(&"self") || names.get(1) == Some(&"self") {
                method = true;
                continue;
            }
            let param = (start..end).find(|&j| {
                ident(toks.get(j)).is_some_and(|n| n != "mut") && is_punct(toks.get(j + 1), ':')
            });
            if let Some(param) = param.and_then(|j| ident(toks.get(j))) {
                if PARAMS.contains(&param) {
                    out.push(Helper {
                        file: file.to_owned(),
                        at: i,
                        name: name.to_owned(),
                        index,
                        method,
                        local: close == '|',
                    });
                }
            }
            index += 1;
        }
    }
    out
}

/// A literal's text as the program holds it: escapes read, a line continued with `\` joined.
fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\n') => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A format string with each of its holes (`{code}`, `{:?}`, `{0:.2}`) written `{}` and its
/// braces (`{{`) as the text shows them.
fn with_holes(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                for h in chars.by_ref() {
                    if h == '}' {
                        break;
                    }
                }
                out.push_str("{}");
            }
            _ => out.push(c),
        }
    }
    out
}

/// The literals between token positions `start` and `end`, a `format!` string with its holes.
fn literals_in(file: &str, toks: &Tokens, start: usize, end: usize) -> Vec<Site> {
    (start..end)
        .filter_map(|j| {
            let (line, Tok::Str(raw)) = &toks[j] else {
                return None;
            };
            let formatted = j >= 3
                && is_punct(toks.get(j - 1), '(')
                && is_punct(toks.get(j - 2), '!')
                && ident(toks.get(j - 3)) == Some("format");
            let text = unescape(raw);
            Some(Site {
                file: file.to_owned(),
                line: *line,
                text: if formatted { with_holes(&text) } else { text },
            })
        })
        .collect()
}

/// The literals each file writes into a free-text field: `files` are (name, library code).
fn sites(files: &[(String, String)]) -> Vec<Site> {
    let lexed: Vec<(&str, Vec<(usize, Tok)>)> = files
        .iter()
        .map(|(name, code)| (name.as_str(), tokens(code)))
        .collect();
    let mut by_name: BTreeMap<String, Vec<Helper>> = BTreeMap::new();
    for (file, toks) in &lexed {
        for h in helpers(file, toks) {
            by_name.entry(h.name.clone()).or_default().push(h);
        }
    }
    let mut out = Vec::new();
    for (file, toks) in &lexed {
        for i in 0..toks.len() {
            let Some(name) = ident(toks.get(i)) else {
                continue;
            };
            let after_dot = i > 0 && is_punct(toks.get(i - 1), '.');
            let mut wanted = Vec::new();
            if is_punct(toks.get(i + 1), '(') && i > 0 && ident(toks.get(i - 1)) != Some("fn") {
                // Only a literal written there: `Err(other(..))` is another error.
                let starts_text = matches!(toks.get(i + 2), Some((_, Tok::Str(_))))
                    || (ident(toks.get(i + 2)) == Some("format") && is_punct(toks.get(i + 3), '!'));
                if FIRST_ARGUMENT.contains(&name) && starts_text {
                    wanted.push(0);
                }
                // An operating-system error of the library's own (`io::Error::other(msg)`,
                // `io::Error::new(kind, msg)`), whose text becomes an `Io` error's message.
                let of_io_error = i >= 3
                    && is_punct(toks.get(i - 1), ':')
                    && is_punct(toks.get(i - 2), ':')
                    && ident(toks.get(i - 3)) == Some("Error");
                match name {
                    "other" if of_io_error => wanted.push(0),
                    "new" if of_io_error => wanted.push(1),
                    _ => {}
                }
                let all: Vec<&Helper> = by_name
                    .get(name)
                    .into_iter()
                    .flatten()
                    .filter(|h| {
                        (h.method == after_dot || !h.method) && (!h.local || h.file == *file)
                    })
                    .collect();
                let here: Vec<&Helper> = all.iter().copied().filter(|h| h.file == *file).collect();
                let agreed = all
                    .windows(2)
                    .all(|w| (w[0].index, w[0].method) == (w[1].index, w[1].method));
                let closure = here
                    .iter()
                    .filter(|h| h.local && h.at < i)
                    .max_by_key(|h| h.at);
                let chosen = if let Some(&c) = closure {
                    vec![c]
                } else if !here.is_empty() {
                    here
                } else if agreed {
                    all
                } else {
                    Vec::new()
                };
                wanted.extend(chosen.iter().map(|h| h.index));
                let args = parts(toks, i + 1, ')', false);
                for index in wanted {
                    if let Some(&(s, e)) = args.get(index) {
                        out.extend(literals_in(file, toks, s, e));
                    }
                }
            } else if PARAMS.contains(&name)
                && i > 0
                && ident(toks.get(i - 1)) == Some("let")
                && is_punct(toks.get(i + 1), '=')
            {
                // A reason chosen first (`let reason = match .. { .. => "…" };`), then passed on.
                let value = parts(toks, i + 1, ';', false);
                if let Some(&(s, e)) = value.first() {
                    out.extend(literals_in(file, toks, s, e));
                }
            } else if FIELDS.contains(&name)
                && is_punct(toks.get(i + 1), ':')
                && !is_punct(toks.get(i + 2), ':')
                && (is_punct(toks.get(i.wrapping_sub(1)), '{')
                    || is_punct(toks.get(i.wrapping_sub(1)), ','))
            {
                let value = parts(toks, i + 1, ',', false);
                if let Some(&(s, e)) = value.first() {
                    out.extend(literals_in(file, toks, s, e));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.file, a.line, &a.text).cmp(&(&b.file, b.line, &b.text)));
    out.dedup();
    out
}

/// Why a literal is not read into Vietnamese (its Vietnamese as `phrase` gives it), or None
/// when it is, or when it is no prose: a code of [`CODES`], or no word of two letters (a
/// frame of holes such as `{}: {}` or `{} ({})`, whose holes are checked where they are
/// written; `phrase` reads a place before a phrase, `uncertainty.sd: <phrase>`, by its rule).
fn gap(text: &str) -> Option<String> {
    let words = text
        .replace("{}", " ")
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 2);
    if !words || CODES.iter().any(|(code, _)| *code == text) {
        return None;
    }
    let filled = text.replace("{}", "\"X7\"");
    let vi = phrase(Lang::Vi, &filled);
    if vi == filled {
        Some("not in the catalog".to_owned())
    } else if !english_words(&vi).is_empty() {
        Some(format!("English left in {vi:?}"))
    } else {
        None
    }
}

/// The library's sources: every `.rs` file below `src/`, its unit tests left out, but the
/// catalog itself (`error_text.rs`) and the web page's message catalogs (`web/catalog*.rs`,
/// Vietnamese and English side by side).
fn library() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths: Vec<PathBuf> = Vec::new();
    sources(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let name = p.strip_prefix(&root).ok()?.to_string_lossy().into_owned();
            let skip = name == "error_text.rs"
                || name.starts_with("error_text/")
                || name.starts_with("web/catalog");
            let text = std::fs::read_to_string(&p).ok()?;
            (!skip).then(|| (name, library_part(&text).to_owned()))
        })
        .collect()
}

#[test]
fn every_reason_the_library_writes_reads_in_vietnamese() {
    let found = sites(&library());
    // The reader does find the library's reasons (it would pass on finding none).
    for (file, text) in [
        ("store/import.rs", "negative amount"),
        ("store/import.rs", "date outside the plan year {}"),
        ("store/import.rs", "the same key as {}: one figure per key"),
        ("disbursement/import.rs", "project {}: {}"),
        (
            "monitoring/tasks.rs",
            "a task done needs the date it was done",
        ),
        ("web/upload.rs", "this account may not import this layout"),
        ("period.rs", "the quarter must be 1 to 4"),
    ] {
        assert!(
            found.iter().any(|s| s.file == file && s.text == text),
            "{file}: {text:?} not found"
        );
    }
    assert!(found.len() > 150, "only {} literals found", found.len());
    let gaps: Vec<String> = found
        .iter()
        .filter_map(|s| {
            gap(&s.text).map(|why| format!("src/{}:{}: {:?}: {why}", s.file, s.line, s.text))
        })
        .collect();
    assert!(
        gaps.is_empty(),
        "{} reasons without their Vietnamese; add them to PHRASES in src/error_text/phrases.rs: \
         {gaps:#?}",
        gaps.len()
    );
}

/// The reader on constructed code: a helper found by its parameter's name (a function, a
/// method, a closure), a field, a parser's `Err`, a `format!` with its holes, a reason chosen
/// in an `if` whose conditions compare (`>` and `<` do not nest), an `io::Error` of the
/// library's own; what is not a
/// free-text field (another argument, a comment, a test module) is not read; a phrase the
/// catalog does not know is a gap, one it knows is not.
#[test]
fn the_reader_finds_the_reasons_of_constructed_code() {
    let code = "fn refuse(row: usize, why: &str) -> E { todo!() }\n\
                impl R { fn bad(&mut self, column: &str, reason: impl Into<String>) {} }\n\
                fn f(cx: &mut R) {\n\
                    let problem = |row: usize, column: &str, reason: &str| (row, column, reason);\n\
                    refuse(3, \"the moon is made of cheese\");\n\
                    cx.bad(\"amount\", format!(\"date outside the plan year {year}\"));\n\
                    problem(1, \"header\", \"not UTF-8 text\");\n\
                    let e = E::Parse { line: 1, message: format!(\"{x:?} is not a number\"), };\n\
                    // reason: \"a comment is not read\"\n\
                    return Err(\"negative \\\n        amount\");\n\
                    let reason = if v > 1.0 { \"the matrix is not symmetric\" } \
                    else if v < 0.0 { \"cheese is not a rate\" } else { return };\n\
                    let e = std::io::Error::new(Kind::NotFound, \"no cheese here\");\n\
                }\n\
                #[cfg(test)]\nmod tests { fn t() { refuse(1, \"test text\"); } }\n";
    let files = vec![("a.rs".to_owned(), library_part(code).to_owned())];
    let found: Vec<(usize, String)> = sites(&files)
        .into_iter()
        .map(|s| (s.line, s.text))
        .collect();
    assert_eq!(
        found,
        [
            (5, "the moon is made of cheese".to_owned()),
            (6, "date outside the plan year {}".to_owned()),
            (7, "not UTF-8 text".to_owned()),
            (8, "{} is not a number".to_owned()),
            (10, "negative amount".to_owned()),
            (12, "cheese is not a rate".to_owned()),
            (12, "the matrix is not symmetric".to_owned()),
            (13, "no cheese here".to_owned()),
        ]
    );
    let gaps: Vec<Option<String>> = found.iter().map(|(_, t)| gap(t)).collect();
    assert_eq!(
        gaps,
        [
            Some("not in the catalog".to_owned()),
            None,
            None,
            None,
            None,
            Some("not in the catalog".to_owned()),
            None,
            Some("not in the catalog".to_owned()),
        ]
    );
    // A phrase the catalog reads with English left in a hole is a gap; a code and a frame
    // of holes alone are not prose.
    assert_eq!(
        gap("project {}: the moon"),
        Some("English left in \"dự án \\\"X7\\\": the moon\"".to_owned())
    );
    assert_eq!(gap("per_path"), None);
    assert_eq!(gap("{} ({})"), None);
}
