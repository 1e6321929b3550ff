//! The weekly disbursement briefing (báo cáo giải ngân hằng tuần): what the Finance Department
//! brings to the weekly meeting, as a [`Document`] rendered as text, Markdown, HTML or a
//! workbook, in Vietnamese or English.
//!
//! Its first paragraph is the province's rate and the change since `since` split into what
//! payments added and what plan revisions took away (how many revisions, the plan before and
//! after: [`Tracker::status_between`]) and its rate against both denominators, the plan in
//! force and the national target with its decision, or that the year has no target
//! ([`Tracker::rates_against_both`]; the ranking's rule states both too); then the rates by capital source, the ranking of
//! investors with each one's change since last week, since the same day last month and since
//! `since` when it is neither (percentage points), the proposals for the investors below the
//! province, the projects behind their monthly plan (trừ lùi), the stalled projects, the
//! overdue obstacles, the Treasury's reconciliation (the weeks still open, latest first, and
//! how many weeks are open, accepted and sent back), the plan revisions of the period and the
//! year-end projection. Amounts are million VND, grouped as the
//! reader's language writes them (`1.705.027,0` in Vietnamese); headers and the workbook's
//! sheet names are in the reader's language. Every word is a message of [`wording`].
//!
//! ```
//! use grdpsim::lang::Lang;
//! use grdpsim::reports::briefing::briefing;
//!
//! let t = grdpsim::datasets::cao_bang_disbursement_2025()?;
//! let doc = briefing(&t, "2025-07-31".parse()?, "2025-06-30".parse()?, Lang::Vi)?;
//! assert!(doc.to_text().contains("41,8% → 26,8%"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod advances;
mod obstacles;
mod sections;
pub mod wording;

use crate::disbursement::{Level, Tracker};
use crate::document::{Block, Cell, Column, Document, Table};
use crate::error::Result;
use crate::lang::Lang;
use crate::monitoring::Date;
use wording::{RateChange, Sentence, Text};

/// A figure as a cell: a number that is not finite (a rate over a zero plan) is empty.
fn num(x: f64) -> Cell {
    Cell::from(x.is_finite().then_some(x))
}

/// A table of the briefing: caption, its sheet's name and its rows.
fn table(
    caption: String,
    sheet: Text,
    lang: Lang,
    columns: Vec<Column>,
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<Block> {
    let mut t = Table::new(caption, columns);
    for row in rows {
        t.push_row(row)?;
    }
    Ok(Block::Table(t.with_sheet(sheet.text(lang))))
}

/// A section's heading.
fn heading(text: Text, lang: Lang) -> Block {
    Block::Heading {
        level: 2,
        text: text.text(lang).to_owned(),
    }
}

/// The columns plan in force, paid and rate.
fn plan_paid(lang: Lang) -> [Column; 3] {
    [
        Column::amount(Text::PlanInForce.text(lang), 1),
        Column::amount(Text::Paid.text(lang), 1),
        Column::number(Text::RatePct.text(lang), 1),
    ]
}

/// The span a briefing's change is measured over when no `since` is given: the weekly
/// meeting's week, or the monthly meeting's month (its public ranking is the same document
/// with `since` the same day a month before, 31 July against 30 June).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BriefingPeriod {
    /// A week before `as_of`.
    #[default]
    Week,
    /// The same day a month before `as_of`, the month's last day where it has no such day.
    Month,
}

impl BriefingPeriod {
    /// `week` or `month`.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::UnknownOption`] naming the text.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "week" => Ok(Self::Week),
            "month" => Ok(Self::Month),
            other => Err(crate::GrdpsimError::UnknownOption {
                option: "period".into(),
                value: other.into(),
                expected: "week, month".into(),
            }),
        }
    }

    /// The date the change is measured from, for a briefing as of `as_of`.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::reports::briefing::BriefingPeriod;
    /// let as_of = "2025-07-31".parse()?;
    /// assert_eq!(BriefingPeriod::Week.since(as_of).to_string(), "2025-07-24");
    /// assert_eq!(BriefingPeriod::Month.since(as_of).to_string(), "2025-06-30");
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    #[must_use]
    pub fn since(self, as_of: Date) -> Date {
        match self {
            Self::Week => as_of.add_days(-7),
            Self::Month => sections::month_before(as_of),
        }
    }
}

/// What every section reads: the tracker, the dates and the language.
struct Ctx<'a> {
    tracker: &'a Tracker,
    as_of: Date,
    since: Date,
    lang: Lang,
}

/// The weekly briefing of `tracker` (on its payment source) as of `as_of`, its changes
/// measured from `since`, in `lang`; see the [module documentation](self).
///
/// # Errors
/// [`crate::GrdpsimError::InvalidDate`] if `since` is after `as_of`;
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn briefing(tracker: &Tracker, as_of: Date, since: Date, lang: Lang) -> Result<Document> {
    let province = tracker.status_between(since, as_of, Level::Province)?;
    let title = Sentence::Title {
        year: tracker.year(),
        province: tracker.province(),
    };
    let mut doc = Document::new(title.text(lang), lang);
    let coverage = province.coverage.describe(lang);
    doc.subtitle = Some(
        Sentence::Subtitle {
            coverage: &coverage,
            source: tracker.payment_source(),
        }
        .text(lang),
    );

    // The province's rate and why it moved.
    let p = &province.total;
    let change = RateChange {
        since,
        as_of,
        rate_before_pct: p.rate_before_pct,
        rate_pct: p.rate_pct,
        change_pp: p.change_pp,
        from_payments_pp: p.from_payments_pp,
        from_plan_pp: p.from_plan_pp,
        revisions: province.revisions.len(),
        plan_before: p.plan_before,
        plan: p.plan,
        paid: p.paid,
    };
    let both = tracker.rates_against_both(as_of)?;
    doc.push(Block::Paragraph(format!(
        "{} {}",
        Sentence::RateChange(&change).text(lang),
        Sentence::BothDenominators(&both).text(lang)
    )));

    let cx = Ctx {
        tracker,
        as_of,
        since,
        lang,
    };
    sections::by_source(&mut doc, &cx)?;
    sections::ranking(&mut doc, &cx)?;
    sections::proposals(&mut doc, &cx)?;
    sections::behind(&mut doc, &cx)?;
    sections::stalled(&mut doc, &cx)?;
    sections::obstacles(&mut doc, &cx)?;
    obstacles::escalated(&mut doc, &cx)?;
    obstacles::missing_monthly_plans(&mut doc, &cx)?;
    sections::treasury_differences(&mut doc, &cx)?;
    sections::revisions(&mut doc, &cx, &province.revisions)?;
    advances::section(&mut doc, &cx)?;
    sections::projection(&mut doc, &cx)?;
    Ok(doc)
}
