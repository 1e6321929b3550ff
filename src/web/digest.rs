//! The monitoring digest: the month's recorded early warnings, stalled projects and overdue
//! obstacles.

use super::prelude::*;
use crate::disbursement::ObstacleRow;
use crate::monitoring::{Context, Date, Digest, Finding, History, Severity};

/// A stalled project, as the page writes it.
struct Stalled<'a> {
    project: &'a str,
    name: &'a str,
    investor: &'a str,
    responsible: &'a str,
    remaining: String,
    last_payment: String,
}

/// The digest page's body (`templates/digest.html`).
#[derive(Template)]
#[template(path = "digest.html")]
struct DigestPage<'a> {
    lang: Lang,
    /// The recorded month's section, already rendered.
    recorded: Option<String>,
    as_of: Date,
    stalled: Vec<Stalled<'a>>,
    overdue: &'a [ObstacleRow],
}

/// A finding, as the page writes it.
struct FindingRow {
    /// Its severity as a class (`red`, `amber`).
    class: &'static str,
    subject: String,
    severity: &'static str,
    status: &'static str,
    responsible: String,
    statement: String,
}

/// A recorded month's section (`templates/digest_month.html`).
#[derive(Template)]
#[template(path = "digest_month.html")]
struct DigestMonth<'a> {
    lang: Lang,
    month: &'a str,
    as_of: Date,
    as_of_default: bool,
    red: usize,
    red_label: &'static str,
    amber: usize,
    amber_label: &'static str,
    not_evaluated: usize,
    /// An investor's own findings only: no headline, no notes.
    own: bool,
    headline: Vec<String>,
    findings: Vec<FindingRow>,
    resolved: Vec<FindingRow>,
    notes: Vec<String>,
}

speaks!(DigestPage, DigestMonth);

pub(super) async fn digest(State(state): State<Shared>, auth: Auth) -> Response {
    let lang = auth.lang;
    let account = auth.account.clone();
    let shared = state.clone();
    // Read-only: the month's findings as recorded (by `grdpsim monitor digest`, or when the
    // demonstration store was written), never evaluated and stored again by a GET.
    let read = read_monitor(&state, lang, move |m| {
        let t = &m.tracker();
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
                Some(m.recorded_digest(month, &o.policy, &cx)?)
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
    // An investor sees the findings about itself only, a department those it answers for,
    // without the province's headline.
    let a = &auth.account;
    let own = match a.role {
        Role::Investor => Some(Own::Investor(a.investor.as_deref().unwrap_or_default())),
        Role::Department => Some(Own::Department(a.department.as_deref().unwrap_or_default())),
        _ => None,
    };
    let body = DigestPage {
        lang,
        recorded: digest.map(|g| digest_html(lang, &g, own.as_ref())),
        as_of: d,
        stalled: stalled
            .iter()
            .map(|r| Stalled {
                project: &r.project,
                name: &r.name,
                investor: &r.investor,
                responsible: &r.responsible,
                remaining: lang.grouped(r.plan - r.paid, 1),
                last_payment: r.last_payment.map_or("–".into(), |x| x.to_string()),
            })
            .collect(),
        overdue: &overdue,
    };
    auth.page(Msg::MonitoringDigest.text(lang), &render(&body))
}

/// Whose findings an account sees, when not every one.
pub(super) enum Own<'a> {
    /// The findings about the investor.
    Investor(&'a str),
    /// The findings the department answers for.
    Department(&'a str),
}

impl Own<'_> {
    fn shows(&self, f: &Finding) -> bool {
        match self {
            Self::Investor(i) => f.subject.strip_prefix("investor:") == Some(*i),
            Self::Department(d) => super::department::same_department(&f.responsible, d),
        }
    }
}

/// A recorded digest as a page section: the headline figures, the findings (an investor's or
/// a department's own only, when `own` is given), what was resolved, the notes.
pub(super) fn digest_html(lang: Lang, g: &Digest, own: Option<&Own<'_>>) -> String {
    let shown = |f: &&Finding| own.is_none_or(|o| o.shows(f));
    let findings: Vec<_> = g.findings().filter(shown).collect();
    let resolved: Vec<_> = g.resolved.iter().filter(shown).collect();
    let evaluated = |f: &&&Finding| f.history != History::NotEvaluated;
    let count = |s: Severity| {
        findings
            .iter()
            .filter(evaluated)
            .filter(|f| f.severity == s)
            .count()
    };
    let not_evaluated = findings.len() - findings.iter().filter(evaluated).count();
    let row = |f: &&Finding| FindingRow {
        class: f.severity.as_str(),
        subject: f.subject.clone(),
        severity: f.severity.label(lang),
        status: f.history.label(lang),
        responsible: f.responsible.clone(),
        statement: f.statement(lang),
    };
    render(&DigestMonth {
        lang,
        month: &g.month,
        as_of: g.as_of,
        as_of_default: g.as_of_default,
        red: count(Severity::Red),
        red_label: Severity::Red.label(lang),
        amber: count(Severity::Amber),
        amber_label: Severity::Amber.label(lang),
        not_evaluated,
        own: own.is_some(),
        headline: g.headline.lines(lang),
        findings: findings.iter().map(row).collect(),
        resolved: resolved.iter().map(row).collect(),
        // The notes are the province's, as the headline is.
        notes: if own.is_some() {
            Vec::new()
        } else {
            g.notes.iter().map(|n| n.text(lang)).collect()
        },
    })
}
