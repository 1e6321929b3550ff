//! The monitoring digest: the month's recorded early warnings, stalled projects and overdue
//! obstacles.

use super::prelude::*;
use crate::monitoring::{Context, Digest, History, Severity};

// A page written top to bottom, as it reads.
#[allow(clippy::too_many_lines)]
pub(super) async fn digest(State(state): State<Shared>, auth: Auth) -> Response {
    let lang = auth.lang;
    let account = auth.account.clone();
    let shared = state.clone();
    // Read-only: the month's findings as recorded (by `grdpsim monitor digest`, or when the
    // demonstration store was written), never evaluated and stored again by a GET.
    let read = on_monitor(&state, lang, move |m| {
        let t = m.tracker();
        let d = as_of(t)?;
        let own = readable_projects(t, &account)?;
        let sees = |p: &str| own.as_ref().is_none_or(|o| o.contains(p));
        let stalled: Vec<_> = t
            .stalled(d, 4)?
            .into_iter()
            .filter(|r| sees(&r.project))
            .collect();
        let overdue: Vec<_> = t
            .overdue_obstacles(d)?
            .into_iter()
            .filter(|r| sees(&r.project))
            .collect();
        let digest = match m.latest_recorded_month()? {
            Some(month) => {
                let o = &shared.options;
                let cx = Context {
                    scenario: o.scenario.as_ref(),
                    as_of: None,
                };
                Some(m.recorded_digest(&month, &o.policy, &cx)?)
            }
            None => None,
        };
        Ok((d, stalled, overdue, digest))
    })
    .await;
    let (d, stalled, overdue, digest) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    // An investor sees the findings about itself only, without the province's headline.
    let investor = match (&auth.account.role, &auth.account.investor) {
        (Role::Investor, inv) => Some(inv.clone().unwrap_or_default()),
        _ => None,
    };
    let mut b = digest.map_or_else(
        || {
            format!(
                "<p class=\"note\" id=\"digest-none\">{}</p>",
                Msg::NoMonthsEarlyWarningsAreRecorded.text(lang)
            )
        },
        |g| digest_html(lang, &g, investor.as_deref()),
    );
    let _ = write!(
        b,
        "<h2>{} ({d})</h2>{}",
        Msg::StalledProjectsNoPaymentIn4.text(lang),
        table_head(
            "stalled",
            &[
                Msg::Project.text(lang),
                Msg::Investor.text(lang),
                Msg::Responsible.text(lang),
                Msg::Remaining.text(lang),
                Msg::LastPayment.text(lang),
            ],
        ),
    );
    for r in &stalled {
        let _ = write!(
            b,
            "<tr><td><a href=\"/project/{p}\">{p}</a> {}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&r.name),
            esc(&r.investor),
            esc(&r.responsible),
            lang.grouped(r.plan - r.paid, 1),
            r.last_payment.map_or("–".into(), |x| x.to_string()),
            p = esc(&r.project),
        );
    }
    let _ = write!(
        b,
        "</table><h2>{}</h2>{}",
        Msg::OverdueObstacles.text(lang),
        table_head(
            "overdue",
            &[
                Msg::Project.text(lang),
                Msg::Obstacle.text(lang),
                Msg::Agency.text(lang),
                Msg::Person.text(lang),
                Msg::DaysOverdue.text(lang),
            ],
        ),
    );
    for r in &overdue {
        let _ = write!(
            b,
            "<tr><td><a href=\"/project/{p}\">{p}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.description),
            esc(&r.agency),
            esc(&r.person),
            r.days_overdue,
            p = esc(&r.project),
        );
    }
    b.push_str("</table>");
    auth.page(Msg::MonitoringDigest.text(lang), &b)
}

/// A recorded digest as a page section: the headline figures, the findings (an investor's
/// own only, when `investor` is given), what was resolved, the notes.
pub(super) fn digest_html(lang: Lang, g: &Digest, investor: Option<&str>) -> String {
    let mine = investor.map(|i| format!("investor:{i}"));
    let shown = |f: &&crate::monitoring::Finding| mine.as_ref().is_none_or(|s| &f.subject == s);
    let findings: Vec<_> = g.findings().filter(shown).collect();
    let resolved: Vec<_> = g.resolved.iter().filter(shown).collect();
    let evaluated = |f: &&&crate::monitoring::Finding| f.history != History::NotEvaluated;
    let count = |s: Severity| {
        findings
            .iter()
            .filter(evaluated)
            .filter(|f| f.severity == s)
            .count()
    };
    let not_evaluated = findings.len() - findings.iter().filter(evaluated).count();
    let mut b = format!(
        "<h2 id=\"digest-month\">{} {}</h2><p>{} {}{}: {} {}, {} {}",
        Msg::EarlyWarningsOf.text(lang),
        esc(&g.month),
        Msg::DataAsOf.text(lang),
        g.as_of,
        if g.as_of_default {
            Msg::TheReportDeadline.text(lang)
        } else {
            ""
        },
        count(Severity::Red),
        Severity::Red.label(lang),
        count(Severity::Amber),
        Severity::Amber.label(lang),
    );
    if not_evaluated > 0 {
        let _ = write!(
            b,
            "; {not_evaluated} {}",
            Msg::OfLastMonthsNotEvaluatedNo.text(lang)
        );
    }
    b.push_str(".</p>");
    if investor.is_some() {
        let _ = write!(
            b,
            "<p class=\"note\" id=\"digest-own\">{}</p>",
            Msg::TheFindingsAboutYourOwnProjects.text(lang)
        );
    } else {
        b.push_str("<ul id=\"headline\">");
        for line in g.headline.lines(lang) {
            let _ = write!(b, "<li>{}</li>", esc(&line));
        }
        b.push_str("</ul>");
    }
    let columns = [
        Msg::Severity.text(lang),
        Msg::FindingStatus.text(lang),
        Msg::Subject.text(lang),
        Msg::ResponsibleUnit.text(lang),
        Msg::Finding.text(lang),
    ];
    let rows = |b: &mut String, list: &[&crate::monitoring::Finding]| {
        for f in list {
            let _ = write!(
                b,
                "<tr class=\"{s}\" data-subject=\"{subject}\"><td>{}</td><td>{}</td><td>{subject}</td>\
                 <td>{}</td><td>{}</td></tr>",
                f.severity.label(lang),
                f.history.label(lang),
                esc(&f.responsible),
                esc(&f.statement(lang)),
                s = f.severity.as_str(),
                subject = esc(&f.subject),
            );
        }
        b.push_str("</table>");
    };
    b.push_str(&table_head("findings", &columns));
    rows(&mut b, &findings);
    if !resolved.is_empty() {
        let _ = write!(
            b,
            "<h2>{}</h2>{}",
            Msg::ResolvedSinceTheLastMonthRecorded.text(lang),
            table_head("resolved", &columns)
        );
        rows(&mut b, &resolved);
    }
    if investor.is_none() {
        for (en, vi) in &g.notes {
            let _ = write!(b, "<p class=\"note\">{}</p>", esc(lang.pick(en, vi)));
        }
    }
    b
}
