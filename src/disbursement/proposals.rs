//! Proposals for the slow investors (kiến nghị đối với chủ đầu tư giải ngân chậm): what the
//! monthly People's Committee meeting is asked to decide about each investor below the
//! provincial rate, drawn from the tracker's own figures.
//!
//! The rules are [`Tracker::proposals`]'s.

use std::collections::HashMap;

use super::views::{CountdownRow, DifferenceRow, ObstacleRow, RankingRule, StalledRow};
use super::{Level, Tracker};
use crate::date::Date;
use crate::error::Result;
use crate::lang::Lang;

/// What a proposal asks for; see [`Tracker::proposals`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProposalKind {
    Pace,
    Transfer,
    Stalled,
    Obstacle,
    Reconcile,
}

impl ProposalKind {
    /// `pace`, `transfer`, `stalled`, `obstacle` or `reconcile`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pace => "pace",
            Self::Transfer => "transfer",
            Self::Stalled => "stalled",
            Self::Obstacle => "obstacle",
            Self::Reconcile => "reconcile",
        }
    }
}

/// One proposal about one slow investor.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub rank: Option<usize>,
    pub investor: String,
    pub investor_name: String,
    pub rate_pct: f64,
    /// Its rate minus the province's, percentage points (negative).
    pub vs_province_pp: f64,
    pub kind: ProposalKind,
    /// The project concerned, or the investor's code for the investor-wide proposals.
    pub subject: String,
    /// The amount at stake, million VND (a weekly amount for `pace`, a days count is in the
    /// message for `obstacle`).
    pub amount: f64,
    pub message_en: String,
    pub message_vi: String,
}

impl Proposal {
    /// The proposal's sentence in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_en, &self.message_vi)
    }
}

/// Options of [`Tracker::proposals`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProposalOptions {
    pub rule: RankingRule,
    /// Weeks without payment after which a project is stalled.
    pub stalled_weeks: u32,
    /// Investor–Treasury differences at most this (million VND) are left out.
    pub tolerance: f64,
}

impl Default for ProposalOptions {
    fn default() -> Self {
        Self {
            rule: RankingRule::default(),
            stalled_weeks: 4,
            tolerance: 0.5,
        }
    }
}

fn pace(c: &CountdownRow, l: Lang) -> String {
    let (need, recent, rest) = (
        l.grouped(c.needed_per_week, 1),
        l.grouped(c.recent_per_week, 1),
        l.grouped(c.remaining, 1),
    );
    let w = c.weeks_left;
    match l {
        Lang::En => format!(
            "Pay {need} million VND a week for the {w} weeks left (the last four weeks averaged \
             {recent}) to disburse the remaining {rest} million by 31 December."
        ),
        Lang::Vi => format!(
            "Giải ngân {need} triệu đồng mỗi tuần trong {w} tuần còn lại (bình quân 4 tuần gần \
             nhất: {recent}) để giải ngân hết {rest} triệu đồng còn lại trước 31/12."
        ),
    }
}

fn transfer(short: f64, l: Lang) -> String {
    let s = l.grouped(short, 1);
    match l {
        Lang::En => format!(
            "At its pace of the last four weeks it would leave {s} million VND unpaid at the year \
             end: review its plan and move up to that amount to projects that disburse."
        ),
        Lang::Vi => format!(
            "Với tốc độ 4 tuần gần nhất sẽ còn {s} triệu đồng chưa giải ngân đến cuối năm: rà soát \
             kế hoạch vốn, điều chuyển tối đa số vốn này sang các dự án giải ngân tốt."
        ),
    }
}

fn stalled(p: &StalledRow, weeks: u32, l: Lang) -> String {
    let since = p.last_payment.map_or_else(
        || l.pick("none this year", "chưa có trong năm").to_owned(),
        |d| d.to_string(),
    );
    let r = l.grouped(p.plan - p.paid, 1);
    let (code, name, who) = (&p.project, &p.name, &p.responsible);
    match l {
        Lang::En => format!(
            "Project {code} ({name}; responsible: {who}) has paid nothing in {weeks} weeks (last \
             payment: {since}): report the cause and a date for the next payment, or release its \
             remaining {r} million VND."
        ),
        Lang::Vi => format!(
            "Dự án {code} ({name}; người phụ trách: {who}) không giải ngân trong {weeks} tuần (lần \
             gần nhất: {since}): báo cáo nguyên nhân và thời điểm giải ngân tiếp, hoặc điều \
             chuyển {r} triệu đồng còn lại."
        ),
    }
}

fn obstacle(o: &ObstacleRow, l: Lang) -> String {
    let (code, days, due, what, agency, person) = (
        &o.project,
        o.days_overdue,
        o.deadline,
        &o.description,
        &o.agency,
        &o.person,
    );
    match l {
        Lang::En => format!(
            "Obstacle on project {code} is {days} days past its deadline of {due} ({what}): \
             escalate to the People's Committee; responsible: {agency}, {person}."
        ),
        Lang::Vi => format!(
            "Vướng mắc tại dự án {code} quá hạn {days} ngày (hạn {due}; {what}): báo cáo UBND tỉnh \
             chỉ đạo; trách nhiệm: {agency}, {person}."
        ),
    }
}

fn reconcile(d: &DifferenceRow, l: Lang) -> String {
    let (code, rep, tre) = (
        &d.project,
        l.grouped(d.reported, 1),
        l.grouped(d.treasury, 1),
    );
    match l {
        Lang::En => format!(
            "Project {code}: reports {rep} million VND paid, the State Treasury {tre}: reconcile \
             with the Treasury."
        ),
        Lang::Vi => format!(
            "Dự án {code}: báo cáo giải ngân {rep} triệu đồng, Kho bạc Nhà nước ghi nhận {tre}: \
             đối chiếu với Kho bạc."
        ),
    }
}

impl Tracker {
    /// Proposals for every ranked investor below the provincial rate as of `as_of`.
    ///
    /// For every ranked investor whose rate is below the province's, slowest first:
    ///
    /// | kind | when | proposal |
    /// |---|---|---|
    /// | `pace` | always | pay `remaining / weeks left` a week to the year end (with its recent pace beside it) |
    /// | `transfer` | at its pace of the last four weeks it leaves `S > 0` unpaid at the year end | review its plan and move up to `S` to projects that pay (điều chuyển vốn) |
    /// | `stalled` | a project of its with no payment in `stalled_weeks` weeks | report the cause and a date, or release the project's remaining plan |
    /// | `obstacle` | an open obstacle of its past the deadline | escalate, naming the agency and person responsible |
    /// | `reconcile` | its reports differ from the Treasury's by more than the tolerance | reconcile with the State Treasury |
    ///
    /// Every proposal carries its figure and a sentence in English and in Vietnamese.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn proposals(&self, as_of: Date, opts: &ProposalOptions) -> Result<Vec<Proposal>> {
        let ranking = self.ranking(as_of, opts.rule)?;
        let countdown: HashMap<String, CountdownRow> = self
            .countdown(as_of, Level::Investor)?
            .into_iter()
            .map(|r| (r.key.clone(), r))
            .collect();
        let stalled_rows = self.stalled(as_of, opts.stalled_weeks)?;
        let obstacles = self.overdue_obstacles(as_of)?;
        let differences = self.differences(as_of, opts.tolerance)?;
        let mut slow: Vec<_> = ranking
            .rows
            .iter()
            .filter(|r| r.rank.is_some() && r.vs_province_pp < 0.0)
            .collect();
        slow.sort_by(|a, b| {
            a.rate_pct
                .total_cmp(&b.rate_pct)
                .then(a.investor.cmp(&b.investor))
        });
        let mut out = Vec::new();
        for inv in slow {
            let mut push = |kind, subject: &str, amount, text: &dyn Fn(Lang) -> String| {
                out.push(Proposal {
                    rank: inv.rank,
                    investor: inv.investor.clone(),
                    investor_name: inv.name.clone(),
                    rate_pct: inv.rate_pct,
                    vs_province_pp: inv.vs_province_pp,
                    kind,
                    subject: subject.to_owned(),
                    amount,
                    message_en: text(Lang::En),
                    message_vi: text(Lang::Vi),
                });
            };
            if let Some(c) = countdown.get(&inv.investor) {
                push(ProposalKind::Pace, &inv.investor, c.needed_per_week, &|l| {
                    pace(c, l)
                });
                let short = c.remaining - c.recent_per_week * f64::from(c.weeks_left);
                if short > 0.0 {
                    push(ProposalKind::Transfer, &inv.investor, short, &|l| {
                        transfer(short, l)
                    });
                }
            }
            for p in stalled_rows.iter().filter(|p| p.investor == inv.investor) {
                let weeks = opts.stalled_weeks;
                push(ProposalKind::Stalled, &p.project, p.plan - p.paid, &|l| {
                    stalled(p, weeks, l)
                });
            }
            for o in obstacles.iter().filter(|o| o.investor == inv.investor) {
                let days = f64::from(o.days_overdue);
                push(ProposalKind::Obstacle, &o.project, days, &|l| {
                    obstacle(o, l)
                });
            }
            for d in differences.iter().filter(|d| d.investor == inv.investor) {
                push(ProposalKind::Reconcile, &d.project, d.difference, &|l| {
                    reconcile(d, l)
                });
            }
        }
        Ok(out)
    }
}
