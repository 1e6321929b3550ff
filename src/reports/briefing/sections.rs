//! The briefing's sections after its first paragraph, one function each, in the order they
//! appear.

use std::collections::HashMap;

use super::wording::{Sentence, Text};
use super::{heading, num, plan_paid, table, Ctx};
use crate::disbursement::{Level, PlanRevisionRow, ProposalOptions, RankingRule};
use crate::document::{Block, Cell, Column, Document};
use crate::error::Result;

/// Weeks without a payment after which a project is stalled, as the proposals count them.
const STALLED_WEEKS: u32 = 4;
/// Investor and Treasury figures closer than this (million VND) do not differ.
const TOLERANCE: f64 = 0.5;

/// By capital source, the province last.
pub(super) fn by_source(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let sources = cx
        .tracker
        .status_between(cx.since, cx.as_of, Level::CapitalSource)?;
    doc.push(heading(Text::BySource, lang));
    let mut columns = vec![Column::text(Text::CapitalSource.text(lang))];
    columns.extend(plan_paid(lang));
    columns.extend([
        Column::number(Sentence::ChangeSince { since: cx.since }.text(lang), 1),
        Column::number(Text::FromPayments.text(lang), 1),
        Column::number(Text::FromPlanRevisions.text(lang), 1),
    ]);
    doc.push(table(
        Text::SourcesCaption.text(lang).to_owned(),
        Text::SourcesSheet,
        lang,
        columns,
        sources.rows.iter().chain([&sources.total]).map(|r| {
            let name = if r.key == "province" {
                Text::Province.text(lang).to_owned()
            } else {
                r.name.clone()
            };
            vec![
                Cell::from(name),
                num(r.plan),
                num(r.paid),
                num(r.rate_pct),
                num(r.change_pp),
                num(r.from_payments_pp),
                num(r.from_plan_pp),
            ]
        }),
    )?);
    Ok(())
}

/// The ranking, each investor with its change since `since`.
pub(super) fn ranking(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let rule = RankingRule::default();
    let ranking = cx.tracker.ranking(cx.as_of, rule)?;
    let investors = cx
        .tracker
        .status_between(cx.since, cx.as_of, Level::Investor)?;
    doc.push(heading(Text::RankingHeading, lang));
    doc.push(Block::Paragraph(
        Sentence::RankingRule {
            province_rate_pct: ranking.province_rate_pct,
            decimals: rule.decimals(),
            min_share_pct: rule.min_share_pct(),
        }
        .text(lang),
    ));
    let change: HashMap<&str, f64> = investors
        .rows
        .iter()
        .map(|r| (r.key.as_str(), r.change_pp))
        .collect();
    let mut columns = vec![
        Column::number(Text::Rank.text(lang), 0),
        Column::text(Text::InvestorCode.text(lang)),
        Column::text(Text::InvestorName.text(lang)),
    ];
    columns.extend(plan_paid(lang));
    columns.extend([
        Column::number(Text::VsProvince.text(lang), 1),
        Column::number(Sentence::ChangeSince { since: cx.since }.text(lang), 1),
        Column::text(Text::Note.text(lang)),
    ]);
    doc.push(table(
        Text::RankingCaption.text(lang).to_owned(),
        Text::RankingSheet,
        lang,
        columns,
        ranking.rows.iter().map(|r| {
            vec![
                Cell::from(r.rank.map(|k| k as f64)),
                Cell::from(r.investor.as_str()),
                Cell::from(r.name.as_str()),
                num(r.plan),
                num(r.paid),
                num(r.rate_pct),
                num(r.vs_province_pp),
                Cell::from(
                    change
                        .get(r.investor.as_str())
                        .copied()
                        .filter(|x| x.is_finite()),
                ),
                Cell::from(ranking.note_in(r, lang)),
            ]
        }),
    )?);
    Ok(())
}

/// What the meeting is asked to decide about the slow investors.
pub(super) fn proposals(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let proposals = cx
        .tracker
        .proposals(cx.as_of, &ProposalOptions::default())?;
    doc.push(heading(Text::ProposalsHeading, lang));
    doc.push(table(
        Text::Proposals.text(lang).to_owned(),
        Text::Proposals,
        lang,
        vec![
            Column::number(Text::Rank.text(lang), 0),
            Column::text(Text::Investor.text(lang)),
            Column::number(Text::RatePct.text(lang), 1),
            Column::number(Text::VsProvince.text(lang), 1),
            Column::text(Text::Subject.text(lang)),
            Column::amount(Text::Amount.text(lang), 1),
            Column::text(Text::Proposal.text(lang)),
        ],
        proposals.iter().map(|r| {
            vec![
                Cell::from(r.rank.map(|k| k as f64)),
                Cell::from(format!("{} {}", r.investor, r.investor_name)),
                num(r.rate_pct),
                num(r.vs_province_pp),
                Cell::from(r.subject.as_str()),
                num(r.amount),
                Cell::from(r.message(lang)),
            ]
        }),
    )?);
    Ok(())
}

/// Count-down: the projects behind their monthly plan, furthest behind first.
pub(super) fn behind(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let countdown = cx.tracker.countdown(cx.as_of, Level::Project)?;
    doc.push(heading(Text::BehindHeading, lang));
    let mut columns = vec![
        Column::text(Text::Project.text(lang)),
        Column::text(Text::ProjectName.text(lang)),
    ];
    columns.extend(plan_paid(lang).into_iter().take(2));
    columns.extend([
        Column::amount(Text::PlannedToDate.text(lang), 1),
        Column::amount(Text::Behind.text(lang), 1),
        Column::text(Text::Band.text(lang)),
        Column::amount(Text::NeededPerWeek.text(lang), 1),
        Column::amount(Text::RecentPerWeek.text(lang), 1),
    ]);
    doc.push(table(
        Text::BehindCaption.text(lang).to_owned(),
        Text::BehindSheet,
        lang,
        columns,
        countdown.iter().filter(|r| r.behind > 0.0).map(|r| {
            vec![
                Cell::from(r.key.as_str()),
                Cell::from(r.name.as_str()),
                num(r.plan),
                num(r.paid),
                num(r.planned_to_date),
                num(r.behind),
                Cell::from(Text::BandName(r.band).text(lang)),
                num(r.needed_per_week),
                num(r.recent_per_week),
            ]
        }),
    )?);
    Ok(())
}

/// Stalled projects.
pub(super) fn stalled(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let stalled = cx.tracker.stalled(cx.as_of, STALLED_WEEKS)?;
    doc.push(heading(Text::StalledHeading, lang));
    let mut columns = vec![
        Column::text(Text::Project.text(lang)),
        Column::text(Text::ProjectName.text(lang)),
        Column::text(Text::Investor.text(lang)),
        Column::text(Text::Responsible.text(lang)),
    ];
    columns.extend(plan_paid(lang).into_iter().take(2));
    columns.push(Column::text(Text::LastPayment.text(lang)));
    doc.push(table(
        Sentence::StalledCaption {
            weeks: STALLED_WEEKS,
        }
        .text(lang),
        Text::StalledSheet,
        lang,
        columns,
        stalled.iter().map(|r| {
            vec![
                Cell::from(r.project.as_str()),
                Cell::from(r.name.as_str()),
                Cell::from(r.investor.as_str()),
                Cell::from(r.responsible.as_str()),
                num(r.plan),
                num(r.paid),
                r.last_payment
                    .map_or(Cell::Empty, |d| Cell::from(d.to_string())),
            ]
        }),
    )?);
    Ok(())
}

/// Obstacles past their deadline.
pub(super) fn obstacles(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let obstacles = cx.tracker.overdue_obstacles(cx.as_of)?;
    doc.push(heading(Text::ObstaclesHeading, lang));
    doc.push(table(
        Text::ObstaclesCaption.text(lang).to_owned(),
        Text::ObstaclesSheet,
        lang,
        vec![
            Column::text(Text::Project.text(lang)),
            Column::text(Text::Investor.text(lang)),
            Column::text(Text::Obstacle.text(lang)),
            Column::text(Text::Agency.text(lang)),
            Column::text(Text::Person.text(lang)),
            Column::text(Text::Deadline.text(lang)),
            Column::number(Text::DaysOverdue.text(lang), 0),
        ],
        obstacles.iter().map(|r| {
            vec![
                Cell::from(r.project.as_str()),
                Cell::from(r.investor.as_str()),
                Cell::from(r.description.as_str()),
                Cell::from(r.agency.as_str()),
                Cell::from(r.person.as_str()),
                Cell::from(r.deadline.to_string()),
                num(f64::from(r.days_overdue)),
            ]
        }),
    )?);
    Ok(())
}

/// Investors' reports against the Treasury.
pub(super) fn treasury_differences(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let differences = cx.tracker.differences(cx.as_of, TOLERANCE)?;
    doc.push(heading(Text::DifferencesHeading, lang));
    doc.push(table(
        Sentence::DifferencesCaption {
            tolerance: TOLERANCE,
        }
        .text(lang),
        Text::DifferencesSheet,
        lang,
        vec![
            Column::text(Text::Project.text(lang)),
            Column::text(Text::Investor.text(lang)),
            Column::amount(Text::Reported.text(lang), 1),
            Column::amount(Text::Treasury.text(lang), 1),
            Column::amount(Text::Difference.text(lang), 1),
            Column::number(Text::WeeksDiffering.text(lang), 0),
        ],
        differences.iter().map(|r| {
            vec![
                Cell::from(r.project.as_str()),
                Cell::from(r.investor.as_str()),
                num(r.reported),
                num(r.treasury),
                num(r.difference),
                num(r.weeks_differing as f64),
            ]
        }),
    )?);
    Ok(())
}

/// Why the plan moved: the revisions effective in `(since, as_of]`.
pub(super) fn revisions(doc: &mut Document, cx: &Ctx, revisions: &[PlanRevisionRow]) -> Result<()> {
    let lang = cx.lang;
    doc.push(heading(Text::RevisionsHeading, lang));
    doc.push(table(
        Sentence::RevisionsCaption {
            since: cx.since,
            as_of: cx.as_of,
        }
        .text(lang),
        Text::RevisionsSheet,
        lang,
        vec![
            Column::text(Text::Project.text(lang)),
            Column::text(Text::Investor.text(lang)),
            Column::text(Text::Effective.text(lang)),
            Column::amount(Text::PlanBefore.text(lang), 1),
            Column::amount(Text::PlanAfter.text(lang), 1),
            Column::amount(Text::Change.text(lang), 1),
            Column::text(Text::Decision.text(lang)),
        ],
        revisions.iter().map(|r| {
            vec![
                Cell::from(r.project.as_str()),
                Cell::from(r.investor.as_str()),
                Cell::from(r.effective.to_string()),
                num(r.previous),
                num(r.amount),
                num(r.amount - r.previous),
                Cell::from(r.decision.as_str()),
            ]
        }),
    )?);
    Ok(())
}

/// Where the year ends at this pace.
pub(super) fn projection(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let projection = cx.tracker.projection(cx.as_of)?;
    doc.push(heading(Text::ProjectionHeading, cx.lang));
    doc.push(Block::Paragraph(
        Sentence::Projection {
            at_pace_rate_pct: projection.at_pace_rate_pct,
            weekly_pace: projection.weekly_pace,
            weeks_left: projection.weeks_left,
            under_plan_rate_pct: projection.under_plan_rate_pct,
        }
        .text(cx.lang),
    ));
    Ok(())
}
