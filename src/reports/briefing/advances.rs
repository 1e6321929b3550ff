//! "Advances and recoveries" (tạm ứng và thu hồi tạm ứng), for the Chair.

use super::wording::{AdvancesSummary, Sentence, Text};
use super::{heading, num, table, Ctx};
use crate::disbursement::{AdvanceLevel, AdvancePurpose, AdvanceRow, DEFAULT_ADVANCE_AGE_DAYS};
use crate::document::{Block, Cell, Column, Document};
use crate::error::Result;
use crate::lang::Lang;

/// The outstanding total and its site-clearance part, by investor, and the advances
/// outstanding past [`DEFAULT_ADVANCE_AGE_DAYS`]; nothing when no advance was made by `as_of`.
pub(super) fn section(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let (lang, as_of) = (cx.lang, cx.as_of);
    let investors = cx.tracker.advance_balances(as_of, AdvanceLevel::Investor)?;
    if investors.is_empty() {
        return Ok(());
    }
    let shares = cx.tracker.advance_shares(as_of)?;
    let aged = cx.tracker.aged_advances(as_of, None)?;
    let all = shares.iter().find(|s| s.purpose.is_none());
    let clearance = shares
        .iter()
        .find(|s| s.purpose == Some(AdvancePurpose::SiteClearance));
    let (advanced, recovered, outstanding) = investors.iter().fold((0.0, 0.0, 0.0), |a, b| {
        (a.0 + b.advanced, a.1 + b.recovered, a.2 + b.outstanding)
    });
    doc.push(heading(Text::AdvancesHeading, lang));
    let summary = AdvancesSummary {
        as_of,
        advanced,
        recovered,
        outstanding,
        outstanding_pct: all.map_or(f64::NAN, |s| s.outstanding_pct),
        site_clearance_outstanding: clearance.map_or(0.0, |s| s.outstanding),
        site_clearance_advanced_pct: clearance.map_or(f64::NAN, |s| s.advanced_pct),
        age_days: DEFAULT_ADVANCE_AGE_DAYS,
        aged: aged.len(),
        aged_outstanding: aged.iter().map(|a| a.outstanding).sum(),
    };
    doc.push(Block::Paragraph(Sentence::Advances(&summary).text(lang)));
    let mut rows = investors
        .iter()
        .filter(|b| b.outstanding > 0.0)
        .collect::<Vec<_>>();
    rows.sort_by(|a, b| b.outstanding.total_cmp(&a.outstanding));
    doc.push(table(
        Text::AdvancesCaption.text(lang).to_owned(),
        Text::AdvancesSheet,
        lang,
        vec![
            Column::text(Text::Investor.text(lang)),
            Column::text(Text::Name.text(lang)),
            Column::amount(Text::Advanced.text(lang), 1),
            Column::amount(Text::Recovered.text(lang), 1),
            Column::amount(Text::Outstanding.text(lang), 1),
            Column::amount(Text::OfWhichSiteClearance.text(lang), 1),
        ],
        rows.into_iter().map(|b| {
            vec![
                Cell::from(b.key.as_str()),
                Cell::from(b.name.as_str()),
                num(b.advanced),
                num(b.recovered),
                num(b.outstanding),
                num(b.site_clearance_outstanding),
            ]
        }),
    )?);
    doc.push(aged_table(&aged, lang)?);
    Ok(())
}

/// The advances outstanding past [`DEFAULT_ADVANCE_AGE_DAYS`], oldest first.
fn aged_table(aged: &[AdvanceRow], lang: Lang) -> Result<Block> {
    table(
        Sentence::AgedCaption {
            days: DEFAULT_ADVANCE_AGE_DAYS,
        }
        .text(lang),
        Text::AgedSheet,
        lang,
        vec![
            Column::text(Text::Project.text(lang)),
            Column::text(Text::Investor.text(lang)),
            Column::text(Text::Reference.text(lang)),
            Column::text(Text::AdvancedOn.text(lang)),
            Column::text(Text::Purpose.text(lang)),
            Column::amount(Text::Outstanding.text(lang), 1),
            Column::number(Text::Days.text(lang), 0),
        ],
        aged.iter().map(|a| {
            vec![
                Cell::from(a.project.as_str()),
                Cell::from(a.investor.as_str()),
                Cell::from(a.reference.as_str()),
                Cell::from(a.advanced_on.to_string()),
                Cell::from(a.purpose.label(lang)),
                num(a.outstanding),
                num(f64::from(a.age_days)),
            ]
        }),
    )
}
