//! Reads the tables of `caobang_published.md` so that tests compare with the published figures
//! as written there, not with copies.
#![allow(dead_code)]

use std::path::Path;

/// The cells of every table row under the heading that starts with `heading`.
pub fn table_rows(file: &Path, heading: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(file).expect("caobang_published.md is readable");
    let mut inside = false;
    let mut rows = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            inside = line.trim_start_matches('#').trim().starts_with(heading);
            continue;
        }
        let t = line.trim();
        if inside && t.starts_with('|') && !t.starts_with("|---") && !t.starts_with("| ---") {
            rows.push(
                t.trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().to_owned())
                    .collect(),
            );
        }
    }
    rows
}

/// The first number in a cell (`"1.96 (0.32 pp)"` → 1.96, `"5,249"` → 5249).
pub fn number(cell: &str) -> Option<f64> {
    let s: String = cell
        .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '-')
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',' || *c == '-')
        .filter(|c| *c != ',')
        .collect();
    s.parse().ok()
}

/// The number in parentheses of a cell (`"1.96 (0.32 pp)"` → 0.32).
pub fn bracketed(cell: &str) -> Option<f64> {
    number(cell.split_once('(')?.1)
}
