//! The obstacles the province must resolve and the monthly plans not in by their deadline
//! (issue 26, §2.2a): sections of the briefing after the overdue obstacles.

use super::wording::Text;
use super::{heading, table, Ctx};
use crate::document::{Block, Cell, Column, Document};
use crate::error::Result;
use crate::lang::Lang;

/// "Obstacles escalated to the province" (vướng mắc đã báo cáo UBND tỉnh): what the investors
/// and districts could not resolve and the province's leaders must, each with its body, person,
/// deadline and status in the reader's language; nothing when none is escalated by `as_of`.
pub(super) fn escalated(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let escalated = cx.tracker.escalated_obstacles(cx.as_of)?;
    if escalated.is_empty() {
        return Ok(());
    }
    doc.push(heading(Text::EscalatedHeading, lang));
    doc.push(table(
        format!("{}: {}", Text::EscalatedCaption.text(lang), escalated.len()),
        Text::EscalatedSheet,
        lang,
        obstacle_columns(lang, Column::text(Text::ObstacleStatus.text(lang))),
        escalated.iter().map(|o| {
            vec![
                Cell::from(o.project.as_str()),
                Cell::from(o.investor.as_str()),
                Cell::from(o.description.as_str()),
                Cell::from(o.agency.as_str()),
                Cell::from(o.person.as_str()),
                o.deadline
                    .map_or(Cell::Empty, |d| Cell::from(d.to_string())),
                Cell::from(o.status.label(lang)),
            ]
        }),
    )?);
    Ok(())
}

/// "Projects without a monthly plan" (dự án chưa có kế hoạch giải ngân theo tháng): once the
/// deadline for the monthly plans has passed, each project with a plan in force and none, as
/// [`crate::disbursement::MissingMonthlyPlan::message`] says it in the reader's language;
/// nothing before the deadline or when every project has one.
pub(super) fn missing_monthly_plans(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let missing = cx.tracker.missing_monthly_plans(cx.as_of)?;
    if missing.is_empty() {
        return Ok(());
    }
    doc.push(heading(Text::MissingPlansHeading, cx.lang));
    for m in &missing {
        doc.push(Block::Paragraph(m.message(cx.lang)));
    }
    Ok(())
}

/// The columns of an obstacles' table: project, investor, obstacle, agency, person, deadline,
/// then `last` (days overdue or status).
pub(super) fn obstacle_columns(lang: Lang, last: Column) -> Vec<Column> {
    vec![
        Column::text(Text::Project.text(lang)),
        Column::text(Text::Investor.text(lang)),
        Column::text(Text::Obstacle.text(lang)),
        Column::text(Text::Agency.text(lang)),
        Column::text(Text::Person.text(lang)),
        Column::text(Text::Deadline.text(lang)),
        last,
    ]
}
