//! Server-rendered HTML: every value that comes from the database or a request goes through
//! [`esc`]; the style sheet is inline and the charts are inline SVG, so a page needs nothing
//! but itself (no CDN, no script).

use std::fmt::Write;

use askama::Template;

use crate::disbursement::SCurvePoint;
use crate::lang::Lang;

use super::accounts::Account;
use super::catalog::Msg;
use super::catalog_loop::LoopMsg;

/// Escapes text for HTML content and quoted attribute values: the document's one escaper.
pub(crate) use crate::document::html_escape as esc;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#1d2733}\
header{background:#8b1e1e;color:#fff;padding:.6em 1em;display:flex;gap:1.2em;align-items:center;flex-wrap:wrap}\
header a{color:#fff}header form{margin:0}main{padding:1em 1.5em;max-width:1200px}\
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccd;padding:.25em .5em;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}th a{color:inherit}\
.err{color:#b00020;font-weight:600}.ok{color:#1b6e20;font-weight:600}\
.green{background:#dff3df}.amber{background:#fff1cc}.red{background:#fbdada}\
form.box{border:1px solid #ccd;padding:.8em;margin:.8em 0;max-width:40em}\
form.box label{display:block;margin:.3em 0}input,select{font:inherit}\
.note{color:#556}svg{background:#fafbfc;border:1px solid #ccd}";

/// The account's menu in a page's header.
struct Menu<'a> {
    name: &'a str,
    role: &'a str,
    investor: Option<&'a str>,
    treasury: bool,
    admin: bool,
    /// A department account's own page's code.
    department: Option<String>,
    /// Whether the account reads the Office's page.
    office: bool,
    csrf: &'a str,
}

/// The page around a body (`templates/layout.html`).
#[derive(Template)]
#[template(path = "layout.html")]
struct Layout<'a> {
    lang: Lang,
    vietnamese: bool,
    title: &'a str,
    style: &'a str,
    menu: Option<Menu<'a>>,
    /// The page's own content, already rendered.
    body: &'a str,
}

/// Templates whose `lang` field is the language they write in.
macro_rules! speaks {
    ($($page:ident),+) => {
        $(impl super::html::Speaks for $page<'_> {
            fn lang(&self) -> Lang {
                self.lang
            }
        })+
    };
}
pub(crate) use speaks;

/// A template that writes in a language: `self.t(Msg::…)` in the template is the message in it.
pub(crate) trait Speaks {
    /// The page's language.
    fn lang(&self) -> Lang;

    /// `m` in the page's language (a template hands a field's message by reference).
    fn t(&self, m: impl std::borrow::Borrow<Msg>) -> &'static str {
        m.borrow().text(self.lang())
    }

    /// `m` of the loop's catalog ([`LoopMsg`]) in the page's language.
    fn l(&self, m: impl std::borrow::Borrow<LoopMsg>) -> &'static str {
        m.borrow().text(self.lang())
    }
}

speaks!(Layout);

/// A page's HTML from its template; a template that fails to write (askama's only failure is a
/// formatter's) leaves the detail in the server's log and an empty string.
pub(crate) fn render(t: &impl Template) -> String {
    t.render().unwrap_or_else(|e| {
        eprintln!("grdpsim serve: error: a page failed to render: {e}");
        String::new()
    })
}

/// The page around `body`: title, the account's menu, the language switch.
pub(crate) fn page(
    lang: Lang,
    title: &str,
    account: Option<(&Account, &str)>,
    body: &str,
) -> String {
    let menu = account.map(|(a, csrf)| Menu {
        name: &a.name,
        role: a.role.label(lang),
        investor: a.investor.as_deref(),
        treasury: a.role != super::Role::Investor,
        admin: a.role == super::Role::Admin,
        department: a
            .department
            .as_deref()
            .map(super::department::department_code),
        office: matches!(
            a.role,
            super::Role::Office | super::Role::Admin | super::Role::Leader | super::Role::Viewer
        ),
        csrf,
    });
    render(&Layout {
        lang,
        vietnamese: lang == Lang::Vi,
        title,
        style: STYLE,
        menu,
        body,
    })
}

/// The S-curve as inline SVG: cumulative plan (monthly plans) dashed, actual payments solid,
/// the plan in force dotted; million VND against the Fridays of the year.
pub(crate) fn s_curve_svg(points: &[SCurvePoint], lang: Lang, id: &str) -> String {
    const W: f64 = 720.0;
    const H: f64 = 260.0;
    const PAD: f64 = 48.0;
    if points.is_empty() {
        return String::new();
    }
    let top = points
        .iter()
        .flat_map(|p| [p.planned, p.actual, p.plan_in_force])
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let n = points.len().max(2) - 1;
    let x = |i: usize| PAD + (W - 2.0 * PAD) * i as f64 / n as f64;
    let y = |v: f64| H - PAD - (H - 2.0 * PAD) * v / top;
    let path = |f: &dyn Fn(&SCurvePoint) -> f64| -> String {
        let mut d = String::new();
        for (i, p) in points.iter().enumerate() {
            let v = f(p);
            if v.is_finite() {
                let _ = write!(
                    d,
                    "{}{:.1},{:.1} ",
                    if d.is_empty() { "M" } else { "L" },
                    x(i),
                    y(v)
                );
            }
        }
        d
    };
    let mut svg = format!(
        "<svg id=\"{}\" role=\"img\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        esc(id),
        Msg::SCurveOfDisbursement.text(lang),
    );
    let _ = write!(
        svg,
        "<line x1=\"{PAD}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#889\"/>\
         <line x1=\"{PAD}\" y1=\"{PAD}\" x2=\"{PAD}\" y2=\"{b}\" stroke=\"#889\"/>\
         <text x=\"4\" y=\"{t}\" font-size=\"11\">{}</text>\
         <text x=\"4\" y=\"{b}\" font-size=\"11\">0</text>",
        lang.grouped(top, 1),
        b = H - PAD,
        r = W - PAD,
        t = PAD,
    );
    for (i, p) in points.iter().enumerate() {
        let (_, m, d) = p.date.ymd();
        if d <= 7 && m % 2 == 1 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\">{m:02}</text>",
                x(i) - 6.0,
                H - PAD + 16.0
            );
        }
    }
    let _ = write!(
        svg,
        "<path d=\"{}\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"2 3\"/>\
         <path d=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\
         <path class=\"actual\" d=\"{}\" fill=\"none\" stroke=\"#8b1e1e\" stroke-width=\"2.5\"/>\
         <text x=\"{l}\" y=\"16\" font-size=\"12\" fill=\"#1f5fa8\">- - {}</text>\
         <text x=\"{m}\" y=\"16\" font-size=\"12\" fill=\"#8b1e1e\">— {}</text>\
         <text x=\"{r}\" y=\"16\" font-size=\"12\" fill=\"#777\">··· {}</text></svg>",
        path(&|p| p.plan_in_force),
        path(&|p| p.planned),
        path(&|p| p.actual),
        Msg::MonthlyPlan.text(lang),
        Msg::ChartPaid.text(lang),
        Msg::PlanInForce.text(lang),
        l = PAD,
        m = PAD + 200.0,
        r = PAD + 380.0,
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_data_is_shown_not_run() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
    }
}
