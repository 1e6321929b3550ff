//! The province: weekly status by capital source and the ranking of investors.

use super::prelude::*;
use crate::disbursement::{Level, PaymentSource, RankingRule};

pub(super) fn source_param(q: &Fields) -> PaymentSource {
    q.get("source")
        .and_then(|s| PaymentSource::parse(s).ok())
        .unwrap_or(PaymentSource::Treasury)
}

// A page written top to bottom, as it reads.
#[allow(clippy::too_many_lines)]
pub(super) async fn province(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<Fields>,
) -> Response {
    let lang = auth.lang;
    let source = source_param(&q);
    let sort = q.get("sort").cloned().unwrap_or_else(|| "rank".into());
    let desc = q.get("dir").is_some_and(|d| d == "desc");
    let read = db(&state, lang, move |t| {
        t.set_payment_source(source);
        let c = coverage(t);
        let out = c.and_then(|c| {
            let d = c.as_of;
            Ok((
                c,
                t.status(d, Level::CapitalSource)?,
                t.ranking(d, RankingRule::default())?,
                t.s_curve(d)?,
                t.projection(d)?,
            ))
        });
        t.set_payment_source(PaymentSource::Treasury);
        out
    })
    .await;
    let (c, status, mut ranking, curve, proj) = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<p>{} · {} <strong>{}</strong> · \
         <a href=\"/?source={}\">{}</a></p>",
        as_of_line(&c, lang),
        Msg::PaymentsAsRecordedBy.text(lang),
        match source {
            PaymentSource::Treasury => Msg::TheStateTreasury.text(lang),
            PaymentSource::Investor => Msg::TheInvestors.text(lang),
        },
        match source {
            PaymentSource::Treasury => "investor",
            PaymentSource::Investor => "treasury",
        },
        match source {
            PaymentSource::Treasury => Msg::SeeInvestorsFigures.text(lang),
            PaymentSource::Investor => Msg::SeeTheTreasurysFigures.text(lang),
        },
    );
    let t = &status.total;
    let _ = write!(
        b,
        "<p>{}: <strong id=\"province-rate\">{} %</strong> ({} / {} {}); {}: {} %</p>",
        Msg::DisbursementRate.text(lang),
        lang.number(t.rate_pct, 1),
        lang.grouped(t.paid, 1),
        lang.grouped(t.plan, 1),
        Msg::MillionVND.text(lang),
        Msg::YearEndAtThePaceOf.text(lang),
        lang.number(proj.at_pace_rate_pct, 1),
    );
    b.push_str(&s_curve_svg(&curve, lang, "s-curve-province"));
    let _ = write!(
        b,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>%</th></tr>",
        Msg::ByCapitalSource.text(lang),
        Msg::CapitalSourceColumn.text(lang),
        Msg::Plan.text(lang),
        Msg::Paid.text(lang),
    );
    for r in &status.rows {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.name),
            lang.grouped(r.plan, 1),
            lang.grouped(r.paid, 1),
            lang.number(r.rate_pct, 1)
        );
    }
    b.push_str("</table>");
    // Sortable by any column: links, so that it works without a script.
    let key = |r: &crate::disbursement::RankRow| -> f64 {
        match sort.as_str() {
            "rate" => r.rate_pct,
            "paid" => r.paid,
            "plan" => r.plan,
            "projects" => r.projects as f64,
            _ => r.rank.map_or(f64::INFINITY, |k| k as f64),
        }
    };
    if sort == "name" {
        ranking.rows.sort_by(|a, b| a.name.cmp(&b.name));
    } else {
        ranking.rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
    }
    if desc {
        ranking.rows.reverse();
    }
    let src = source.as_str();
    let head = |col: &str, label: &str| -> String {
        let dir = if sort == col && !desc { "desc" } else { "asc" };
        format!("<th><a href=\"/?source={src}&amp;sort={col}&amp;dir={dir}\">{label}</a></th>")
    };
    let _ = write!(
        b,
        "<h2>{}</h2><table id=\"ranking\"><tr>{}{}{}{}{}{}<th>{}</th></tr>",
        Msg::RankingOfInvestors.text(lang),
        head("rank", Msg::Rank.text(lang)),
        head("name", Msg::Investor.text(lang)),
        head("plan", Msg::Plan.text(lang)),
        head("paid", Msg::Paid.text(lang)),
        head("rate", "%"),
        head("projects", Msg::Projects.text(lang)),
        Msg::Note.text(lang),
    );
    for r in &ranking.rows {
        let name = if auth.account.may_read(&r.investor) {
            format!(
                "<a href=\"/investor/{0}\">{1}</a>",
                esc(&r.investor),
                esc(&r.name)
            )
        } else {
            esc(&r.name)
        };
        let _ = write!(
            b,
            "<tr data-investor=\"{}\"><td class=\"n rank\">{}</td><td>{name}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n rate\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&r.investor),
            r.rank.map_or(String::new(), |k| k.to_string()),
            lang.grouped(r.plan, 1),
            lang.grouped(r.paid, 1),
            lang.number(r.rate_pct, 1),
            r.projects,
            esc(&ranking.note_in(r, lang)),
        );
    }
    b.push_str("</table>");
    auth.page(Msg::WeeklyDisbursementStatus.text(lang), &b)
}
