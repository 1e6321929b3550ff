//! The plain-text rendering: tables aligned in columns, numbers right-aligned.

use std::fmt::Write as _;

use super::{Block, Document, Table};
use crate::lang::Lang;

impl Document {
    /// Plain text, tables aligned in columns (numbers right-aligned); an image shows as its
    /// caption or alternative text in brackets.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let rule = |s: &str, c: char| c.to_string().repeat(s.chars().count());
        let _ = writeln!(out, "{}\n{}", self.title, rule(&self.title, '='));
        if let Some(s) = &self.subtitle {
            let _ = writeln!(out, "{s}");
        }
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading { text, .. } => {
                    let _ = writeln!(out, "{text}\n{}", rule(text, '-'));
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "{p}");
                }
                Block::Notes(items) => {
                    for i in items {
                        let _ = writeln!(out, "- {i}");
                    }
                }
                Block::Table(t) => text_table(&mut out, t, self.lang),
                Block::Svg(s) => {
                    let _ = writeln!(
                        out,
                        "[{}: {}]",
                        self.lang.pick("chart", "biểu đồ"),
                        s.label()
                    );
                }
            }
        }
        out
    }
}

fn text_table(out: &mut String, t: &Table, lang: Lang) {
    let widths = t.widths("-", lang);
    let line = |cells: Vec<String>| -> String {
        let parts: Vec<String> = cells
            .into_iter()
            .zip(&widths)
            .zip(&t.columns)
            .map(|((s, &w), col)| {
                if col.is_numeric() {
                    format!("{s:>w$}")
                } else {
                    format!("{s:<w$}")
                }
            })
            .collect();
        parts.join("  ").trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", t.caption);
    let _ = writeln!(
        out,
        "{}",
        line(t.columns.iter().map(|c| c.header.clone()).collect())
    );
    for row in &t.rows {
        let cells = row
            .iter()
            .zip(&t.columns)
            .map(|(x, c)| c.format(x, "-", lang))
            .collect();
        let _ = writeln!(out, "{}", line(cells));
    }
}
