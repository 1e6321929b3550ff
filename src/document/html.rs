//! The HTML rendering: one self-contained printable page (inline CSS, images as `data:`
//! URIs, nothing fetched).

use std::fmt::Write as _;

use super::{Block, Cell, Document, Table};
use crate::lang::Lang;

impl Document {
    /// One self-contained HTML page, printable (A4): inline CSS, images embedded as `data:`
    /// URIs, no script, nothing fetched.
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(4096);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{HTML_CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            self.lang.code(),
            html_escape(&self.title),
            html_escape(&self.title)
        );
        if let Some(s) = &self.subtitle {
            let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", html_escape(s));
        }
        for block in &self.blocks {
            match block {
                Block::Heading { level, text } => {
                    let l = (*level).clamp(2, 4);
                    let _ = writeln!(out, "<h{l}>{}</h{l}>", html_escape(text));
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "<p>{}</p>", html_escape(p));
                }
                Block::Notes(items) => {
                    out.push_str("<ul class=\"notes\">\n");
                    for i in items {
                        let _ = writeln!(out, "<li>{}</li>", html_escape(i));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table(t) => html_table(&mut out, t, self.lang),
                Block::Svg(s) => {
                    let _ = write!(
                        out,
                        "<figure><img src=\"data:image/svg+xml;base64,{}\" alt=\"{}\">",
                        base64(s.markup.as_bytes()),
                        html_escape(&s.alt)
                    );
                    if let Some(c) = &s.caption {
                        let _ = write!(out, "<figcaption>{}</figcaption>", html_escape(c));
                    }
                    out.push_str("</figure>\n");
                }
            }
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

fn html_table(out: &mut String, t: &Table, lang: Lang) {
    let _ = write!(
        out,
        "<table>\n<caption>{}</caption>\n<thead><tr>",
        html_escape(&t.caption)
    );
    for c in &t.columns {
        let class = if c.is_numeric() { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", html_escape(&c.header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (x, c) in row.iter().zip(&t.columns) {
            let class = if matches!(x, Cell::Number(_)) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<td{class}>{}</td>",
                html_escape(&c.format(x, "", lang))
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

const HTML_CSS: &str = "\
body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;\
padding:0 1em;color:#222;line-height:1.4}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #999}\
h3{font-size:1.05em}.subtitle{color:#555;margin-top:0}\
table{border-collapse:collapse;margin:1em 0;font-size:.92em}\
caption{text-align:left;font-weight:bold;padding:.3em 0}\
th,td{border:1px solid #bbb;padding:.2em .5em}th{background:#eee}\
.num{text-align:right;font-variant-numeric:tabular-nums}\
figure{margin:1em 0;text-align:center}figure img{max-width:100%;height:auto}\
figcaption{font-size:.9em;color:#555}\
@page{size:A4;margin:15mm}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure{break-inside:avoid}}";

/// Escapes text for HTML content and quoted attribute values (the report and the web page).
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 (RFC 4648, with padding), for `data:` URIs.
fn base64(bytes: &[u8]) -> String {
    use base64ct::Encoding as _;
    base64ct::Base64::encode_string(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }
}
