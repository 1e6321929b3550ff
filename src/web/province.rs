//! The province: weekly status by capital source and the ranking of investors.

use super::prelude::*;
use crate::disbursement::{Level, PaymentSource, RankRow, RankingRule};

speaks!(ProvincePage);

pub(super) fn source_param(q: &Fields) -> PaymentSource {
    q.get("source")
        .and_then(|s| PaymentSource::parse(s).ok())
        .unwrap_or(PaymentSource::Treasury)
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

pub(super) async fn province(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<Fields>,
) -> Response {
    let lang = auth.lang;
    let source = source_param(&q);
    let sort = q.get("sort").cloned().unwrap_or_else(|| "rank".into());
    let desc = q.get("dir").is_some_and(|d| d == "desc");
    let read = read(&state, lang, move |t| {
        let t = &t.view(source);
        let c = coverage(t)?;
        let d = c.as_of;
        Ok((
            c,
            t.status(d, Level::CapitalSource)?,
            t.ranking(d, RankingRule::default())?,
            t.s_curve(d)?,
            t.projection(d)?,
        ))
    })
    .await;
    let (c, status, mut ranking, curve, proj) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    sort_ranking(&mut ranking.rows, &sort, desc);
    let heads = [
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
    });
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
        source: source.as_str(),
        heads: heads.to_vec(),
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
