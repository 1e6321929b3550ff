//! The Markdown rendering (GitHub flavour): pipe tables, images as their caption.

use std::fmt::Write as _;

use super::{Block, Document, Table};
use crate::lang::Lang;

impl Document {
    /// Markdown (GitHub flavour): pipe tables, images as their caption in italics (a Markdown
    /// file cannot hold an SVG without a second file).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", md_escape(&self.title));
        if let Some(s) = &self.subtitle {
            let _ = write!(out, "\n*{}*\n", md_escape(s));
        }
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading { level, text } => {
                    let _ = writeln!(
                        out,
                        "{} {}",
                        "#".repeat(usize::from((*level).clamp(2, 4))),
                        md_escape(text)
                    );
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "{}", md_escape(p));
                }
                Block::Notes(items) => {
                    for i in items {
                        let _ = writeln!(out, "- {}", md_escape(i));
                    }
                }
                Block::Table(t) => md_table(&mut out, t, self.lang),
                Block::Svg(s) => {
                    let _ = writeln!(
                        out,
                        "*[{}: {}]*",
                        self.lang.pick("chart", "biểu đồ"),
                        md_escape(s.label())
                    );
                }
            }
        }
        out
    }
}

fn md_table(out: &mut String, t: &Table, lang: Lang) {
    let _ = writeln!(out, "**{}**\n", md_escape(&t.caption));
    let header: Vec<String> = t.columns.iter().map(|c| md_escape(&c.header)).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let align: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.is_numeric() { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", align.join(" | "));
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&t.columns)
            .map(|(x, c)| md_escape(&c.format(x, "", lang)))
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

/// Markdown's special characters in running text and table cells, escaped.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\|*_`[]<>#".contains(c) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}
