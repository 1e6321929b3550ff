//! The briefing's sections after its first paragraph, one function each, in the order they
//! appear.

use std::collections::HashMap;

use super::wording::{Sentence, Text};
use super::{heading, num, plan_paid, table, BriefingPeriod, Ctx};
use crate::date::{days_in_month, Date, Month};
use crate::disbursement::{DifferenceState, Level, PlanRevisionRow, ProposalOptions, RankingRule};
use crate::document::{Block, Cell, Column, Document};
use crate::error::Result;

/// Weeks without a payment after which a project is stalled, as the proposals count them.
const STALLED_WEEKS: u32 = 4;
/// Investor and Treasury figures closer than this (million VND) do not differ.
const TOLERANCE: f64 = 0.5;
/// The open differences the briefing lists, the largest first.
const DIFFERENCES_SHOWN: usize = 20;

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

/// The same day a month before `d`, the month's last day where it has no such day (31 July →
/// 30 June, 31 March → 28 February).
pub(super) fn month_before(d: Date) -> Date {
    let (_, _, day) = d.ymd();
    let month = Month::of(d).previous();
    let last = days_in_month(month.year(), month.month());
    let day = i32::try_from(day.min(last)).unwrap_or(1);
    month.first_day().add_days(day - 1)
}

/// The dates the ranking measures each investor's change from: a week before `as_of`, a month
/// before it ([`month_before`]), then `since` when it is neither.
pub(super) fn change_dates(as_of: Date, since: Date) -> Vec<Date> {
    let mut dates = vec![
        BriefingPeriod::Week.since(as_of),
        BriefingPeriod::Month.since(as_of),
    ];
    if !dates.contains(&since) {
        dates.push(since);
    }
    dates
}

/// The ranking, each investor with its change since last week, since last month and since
/// `since` ([`change_dates`]), percentage points as [`Tracker::status_between`] splits them.
///
/// [`Tracker::status_between`]: crate::disbursement::Tracker::status_between
pub(super) fn ranking(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let rule = RankingRule::default();
    let ranking = cx.tracker.ranking(cx.as_of, rule)?;
    let dates = change_dates(cx.as_of, cx.since);
    let mut changes: Vec<HashMap<String, f64>> = Vec::with_capacity(dates.len());
    for &from in &dates {
        let investors = cx.tracker.status_between(from, cx.as_of, Level::Investor)?;
        changes.push(
            investors
                .rows
                .into_iter()
                .map(|r| (r.key, r.change_pp))
                .collect(),
        );
    }
    doc.push(heading(Text::RankingHeading, lang));
    doc.push(Block::Paragraph(
        Sentence::RankingRule {
            province_rate_pct: ranking.province_rate_pct,
            national_rate_pct: cx.tracker.rates_against_both(cx.as_of)?.rate_national_pct,
            decimals: rule.decimals(),
            min_share_pct: rule.min_share_pct(),
        }
        .text(lang),
    ));
    let mut columns = vec![
        Column::number(Text::Rank.text(lang), 0),
        Column::text(Text::InvestorCode.text(lang)),
        Column::text(Text::InvestorName.text(lang)),
    ];
    columns.extend(plan_paid(lang));
    columns.push(Column::number(Text::VsProvince.text(lang), 1));
    columns.extend(
        dates
            .iter()
            .map(|&since| Column::number(Sentence::ChangeSince { since }.text(lang), 1)),
    );
    columns.push(Column::text(Text::Note.text(lang)));
    doc.push(table(
        Text::RankingCaption.text(lang).to_owned(),
        Text::RankingSheet,
        lang,
        columns,
        ranking.rows.iter().map(|r| {
            let mut row = vec![
                Cell::from(r.rank.map(|k| k as f64)),
                Cell::from(r.investor.as_str()),
                Cell::from(r.name.as_str()),
                num(r.plan),
                num(r.paid),
                num(r.rate_pct),
                num(r.vs_province_pp),
            ];
            row.extend(changes.iter().map(|c| {
                Cell::from(
                    c.get(r.investor.as_str())
                        .copied()
                        .filter(|x| x.is_finite()),
                )
            }));
            row.push(Cell::from(ranking.note_in(r, lang)));
            row
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

/// Obstacles past their deadline. The escalated obstacles (issue 26's obstacles to
/// resolution) are a section of their own after this one, in [`super::briefing`]'s list.
pub(super) fn obstacles(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let obstacles = cx.tracker.overdue_obstacles(cx.as_of)?;
    doc.push(heading(Text::ObstaclesHeading, lang));
    doc.push(table(
        Text::ObstaclesCaption.text(lang).to_owned(),
        Text::ObstaclesSheet,
        lang,
        super::obstacles::obstacle_columns(lang, Column::number(Text::DaysOverdue.text(lang), 0)),
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

/// The Treasury's reconciliation ([`Tracker::reconciliation`]): the weeks still open, latest
/// first, with the investor, and how many weeks are open, accepted and sent back. A week where
/// neither side paid is not a difference, so it is never listed.
///
/// [`Tracker::reconciliation`]: crate::disbursement::Tracker::reconciliation
pub(super) fn treasury_differences(doc: &mut Document, cx: &Ctx) -> Result<()> {
    let lang = cx.lang;
    let reconciliation = cx.tracker.reconciliation(cx.as_of, TOLERANCE)?;
    let count = |state| reconciliation.weeks_in(state).count();
    doc.push(heading(Text::DifferencesHeading, lang));
    doc.push(Block::Paragraph(
        Sentence::DifferenceCounts {
            open: count(DifferenceState::Open),
            accepted: count(DifferenceState::Accepted),
            sent_back: count(DifferenceState::SentBack),
        }
        .text(lang),
    ));
    // The largest open weeks, for the meeting: a province has hundreds (the paragraph above
    // counts them all; the Treasury's page lists every one).
    let mut open: Vec<_> = reconciliation.weeks_in(DifferenceState::Open).collect();
    open.sort_by(|a, b| b.difference.abs().total_cmp(&a.difference.abs()));
    let all = open.len();
    open.truncate(DIFFERENCES_SHOWN);
    doc.push(table(
        Sentence::DifferencesCaption {
            tolerance: TOLERANCE,
            shown: open.len(),
            open: all,
        }
        .text(lang),
        Text::DifferencesSheet,
        lang,
        vec![
            Column::text(Text::WeekEnding.text(lang)),
            Column::text(Text::Project.text(lang)),
            Column::text(Text::Investor.text(lang)),
            Column::amount(Text::Reported.text(lang), 1),
            Column::amount(Text::Treasury.text(lang), 1),
            Column::amount(Text::Difference.text(lang), 1),
        ],
        open.iter().map(|w| {
            vec![
                Cell::from(w.week_ending.to_string().as_str()),
                Cell::from(w.project.as_str()),
                Cell::from(w.investor.as_str()),
                Cell::from(w.reported),
                Cell::from(w.treasury),
                num(w.difference),
            ]
        }),
    )?);
    Ok(())
}

/// Why the plan moved: the revisions effective in `(since, as_of]`, a row a plan line (a
/// project revised in two capital sources on one day has two rows, each naming its source).
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
            Column::text(Text::CapitalSource.text(lang)),
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
                Cell::from(r.capital_source.as_str()),
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

#[cfg(test)]
mod tests {
    use super::{change_dates, month_before};
    use crate::date::Date;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_month_before_is_the_same_day_or_the_month_s_last() {
        for (day, before) in [
            ("2025-07-31", "2025-06-30"),
            ("2025-07-24", "2025-06-24"),
            ("2025-03-31", "2025-02-28"),
            ("2024-03-30", "2024-02-29"),
            ("2025-01-15", "2024-12-15"),
        ] {
            assert_eq!(month_before(d(day)).to_string(), before, "{day}");
        }
        // `since` is a third date only when it is neither last week's nor last month's.
        assert_eq!(change_dates(d("2025-07-31"), d("2025-06-30")).len(), 2);
        assert_eq!(change_dates(d("2025-07-31"), d("2025-07-24")).len(), 2);
        assert_eq!(change_dates(d("2025-07-31"), d("2025-07-04")).len(), 3);
    }
}
