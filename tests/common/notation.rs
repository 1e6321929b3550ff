//! Finding numbers written the English way (`6.56`) in text meant for Vietnamese readers, who
//! write `6,56`.
#![allow(dead_code)]

/// The English-style decimals in `text`: digits, a point, one or two digits, with neither a
/// digit nor a point just before nor a digit just after (so `2025-07-31`, `1.2.3` and
/// `0.12345` coordinates are not counted; a figure to two decimals or fewer is).
pub fn english_decimals(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i < b.len() && b[i] == b'.' {
            let point = i;
            let mut j = point + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let decimals = j - point - 1;
            if (1..=2).contains(&decimals) && !(j < b.len() && b[j] == b'.') {
                found.push(text[start..j].to_owned());
            }
            i = j;
        }
    }
    found
}

/// What a reader sees of an HTML page: its text, without the style sheet, inline SVG
/// drawings, `data:` images and the tags' attributes.
pub fn visible_text(html: &str) -> String {
    let mut s = html.to_owned();
    for (open, close) in [("<style", "</style>"), ("<svg", "</svg>")] {
        while let Some(a) = s.find(open) {
            let b = s[a..].find(close).map_or(s.len(), |b| a + b + close.len());
            s.replace_range(a..b, " ");
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
