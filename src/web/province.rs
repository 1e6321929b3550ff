//! The province: weekly status by capital source and the ranking of investors.

use super::prelude::*;
use crate::disbursement::{
    Coverage, Level, PaymentSource, Projection, Proposal, ProposalOptions, RankRow, Ranking,
    RankingRule, SCurvePoint, Status,
};
use crate::document::pdf::chromium;
use crate::monitoring::Date;

speaks!(ProvincePage);

/// What the province's page reads: the coverage of its week, the status by capital source and
/// of the province, the ranking, the proposals, the S-curve and the projection.
pub(super) type Read = (
    Coverage,
    Status,
    Status,
    Ranking,
    Vec<Proposal>,
    Vec<SCurvePoint>,
    Projection,
);

pub(super) fn source_param(q: &Fields) -> PaymentSource {
    q.get("source")
        .and_then(|s| PaymentSource::parse(s).ok())
        .unwrap_or(PaymentSource::Treasury)
}

/// The `as_of` of the query, if any: `Err` is the page refusing a text that is not a date
/// YYYY-MM-DD, in the reader's language.
pub(super) fn as_of_param(q: &Fields, lang: Lang) -> Result<Option<Date>, Response> {
    let Some(text) = q.get("as_of").filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    Date::parse_arg("as_of", text).map(Some).map_err(|_| {
        message_page(
            StatusCode::BAD_REQUEST,
            lang,
            Msg::Error.text(lang),
            &format!("as_of {text:?} {}", Msg::NotADate.text(lang)),
        )
    })
}

/// A proposal about a slow investor, as the page writes it.
struct Proposed {
    investor: String,
    subject: String,
    text: String,
}

/// The week's change as the page writes it: since, the change, from payments, from plan
/// revisions.
fn week_change(province: &Status, lang: Lang) -> [String; 4] {
    let w = &province.total;
    [
        province.since.to_string(),
        lang.signed(w.change_pp, 1),
        lang.signed(w.from_payments_pp, 1),
        lang.signed(w.from_plan_pp, 1),
    ]
}

/// The proposals about the investors `account` may read.
fn proposed(proposals: &[Proposal], account: &Account, lang: Lang) -> Vec<Proposed> {
    proposals
        .iter()
        .filter(|p| account.may_read(&p.investor))
        .map(|p| Proposed {
            investor: format!("{} {}", p.investor, p.investor_name),
            subject: p.subject.clone(),
            text: p.message(lang),
        })
        .collect()
}

/// An investor's row of the ranking, as the page writes it.
struct Ranked<'a> {
    investor: &'a str,
    name: &'a str,
    /// Whether the account may open the investor's page.
    link: bool,
    rank: String,
    plan: String,
    paid: String,
    rate: String,
    projects: usize,
    note: String,
}

/// The province's page body (`templates/province.html`).
#[derive(Template)]
#[template(path = "province.html")]
struct ProvincePage<'a> {
    lang: Lang,
    as_of_line: String,
    /// Whose payments the page shows, and the link to the others'.
    source_name: Msg,
    other_source: &'static str,
    other_label: Msg,
    rate: String,
    paid: String,
    plan: String,
    at_pace: String,
    curve: String,
    /// Each capital source: name, plan, paid, rate.
    sources: Vec<[String; 4]>,
    /// The week's change: since, the change, from payments, from plan revisions (pp).
    week: [String; 4],
    proposals: Vec<Proposed>,
    /// The date the page was asked for, kept by its links.
    asked: Option<Date>,
    /// The pack's date, and whether the account reads it and whether a PDF can be printed.
    as_of: Date,
    pack: bool,
    pdf: bool,
    source: &'static str,
    /// The ranking's sortable columns: key, label, the direction a click sorts in.
    heads: Vec<(&'static str, &'static str, &'static str)>,
    ranking: Vec<Ranked<'a>>,
}

/// The ranking sorted by the column `sort` (`rank`, `name`, `plan`, `paid`, `rate`,
/// `projects`), descending when `desc`: the page sorts by links, without a script.
fn sort_ranking(rows: &mut [RankRow], sort: &str, desc: bool) {
    let key = |r: &RankRow| -> f64 {
        match sort {
            "rate" => r.rate_pct,
            "paid" => r.paid,
            "plan" => r.plan,
            "projects" => r.projects as f64,
            _ => r.rank.map_or(f64::INFINITY, |k| k as f64),
        }
    };
    if sort == "name" {
        rows.sort_by(|a, b| a.name.cmp(&b.name));
    } else {
        rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
    }
    if desc {
        rows.reverse();
    }
}

/// The ranking's column heads: key, label and the direction a click on it sorts.
fn heads(sort: &str, desc: bool, lang: Lang) -> Vec<(&'static str, &'static str, &'static str)> {
    [
        ("rank", Msg::Rank.text(lang)),
        ("name", Msg::Investor.text(lang)),
        ("plan", Msg::Plan.text(lang)),
        ("paid", Msg::Paid.text(lang)),
        ("rate", "%"),
        ("projects", Msg::Projects.text(lang)),
    ]
    .map(|(col, label)| {
        let dir = if sort == col && !desc { "desc" } else { "asc" };
        (col, label, dir)
    })
    .to_vec()
}

/// A leader's home is the digest; a department's, its own page.
fn elsewhere(auth: &Auth) -> Option<Response> {
    match (auth.account.role, &auth.account.department) {
        (Role::Leader, _) => Some(Redirect::to("/digest").into_response()),
        (Role::Department, Some(d)) => {
            let code = super::department::department_code(d);
            Some(Redirect::to(&format!("/department/{code}")).into_response())
        }
        _ => None,
    }
}

pub(super) async fn province(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<Fields>,
) -> Response {
    if let Some(r) = elsewhere(&auth) {
        return r;
    }
    let lang = auth.lang;
    let source = source_param(&q);
    let sort = q.get("sort").cloned().unwrap_or_else(|| "rank".into());
    let desc = q.get("dir").is_some_and(|d| d == "desc");
    let asked = match as_of_param(&q, lang) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let shared = state.clone();
    let read = read(&state, lang, move |t| {
        let key = format!("{} {asked:?}", source.as_str());
        shared.province.get_or(&t.shared_store(), &key, || {
            // Each week's running totals read once for the page's views.
            let t = &t.view(source).for_one_read();
            let c = match asked {
                Some(d) => t.coverage(d)?,
                None => coverage(t)?,
            };
            let d = c.as_of;
            Ok((
                c,
                t.status(d, Level::CapitalSource)?,
                t.status(d, Level::Province)?,
                t.ranking(d, RankingRule::default())?,
                t.proposals(d, &ProposalOptions::default())?,
                t.s_curve(d)?,
                t.projection(d)?,
            ))
        })
    })
    .await;
    let (c, status, province, mut ranking, proposals, curve, proj) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    sort_ranking(&mut ranking.rows, &sort, desc);
    let (source_name, other_source, other_label) = match source {
        PaymentSource::Treasury => (Msg::TheStateTreasury, "investor", Msg::SeeInvestorsFigures),
        PaymentSource::Investor => (Msg::TheInvestors, "treasury", Msg::SeeTheTreasurysFigures),
    };
    let t = &status.total;
    let body = ProvincePage {
        lang,
        as_of_line: as_of_line(&c, lang),
        source_name,
        other_source,
        other_label,
        rate: lang.number(t.rate_pct, 1),
        paid: lang.grouped(t.paid, 1),
        plan: lang.grouped(t.plan, 1),
        at_pace: lang.number(proj.at_pace_rate_pct, 1),
        curve: s_curve_svg(&curve, lang, "s-curve-province"),
        sources: status
            .rows
            .iter()
            .map(|r| {
                [
                    r.name.clone(),
                    lang.grouped(r.plan, 1),
                    lang.grouped(r.paid, 1),
                    lang.number(r.rate_pct, 1),
                ]
            })
            .collect(),
        week: week_change(&province, lang),
        proposals: proposed(&proposals, &auth.account, lang),
        asked,
        as_of: c.as_of,
        pack: auth.account.role != Role::Investor,
        pdf: chromium().is_ok(),
        source: source.as_str(),
        heads: heads(&sort, desc, lang),
        ranking: ranking
            .rows
            .iter()
            .map(|r| Ranked {
                investor: &r.investor,
                name: &r.name,
                link: auth.account.may_read(&r.investor),
                rank: r.rank.map_or(String::new(), |k| k.to_string()),
                plan: lang.grouped(r.plan, 1),
                paid: lang.grouped(r.paid, 1),
                rate: lang.number(r.rate_pct, 1),
                projects: r.projects,
                note: ranking.note_in(r, lang),
            })
            .collect(),
    };
    auth.page(Msg::WeeklyDisbursementStatus.text(lang), &render(&body))
}
