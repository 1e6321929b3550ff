//! Proposals for the slow investors (kiến nghị đối với chủ đầu tư giải ngân chậm): what the
//! monthly People's Committee meeting is asked to decide about each investor below the
//! provincial rate, drawn from the tracker's own figures.
//!
//! The rules are [`Tracker::proposals`]'s.

use std::collections::HashMap;

use super::views::{CountdownRow, RankingRule, StalledRow};
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
    /// What it proposes, rendered per language ([`Proposal::message`]).
    pub message: ProposalMessage,
}

impl Proposal {
    /// The proposal's sentence in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        self.message.text(lang)
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

/// A proposal's sentence as a typed value: one variant per [`ProposalKind`], its figures as
/// fields (million VND), rendered per language by [`ProposalMessage::text`].
#[derive(Debug, Clone, PartialEq)]
pub enum ProposalMessage {
    /// Pay `needed_per_week` a week for the `weeks_left` weeks left.
    Pace {
        needed_per_week: f64,
        weeks_left: u32,
        recent_per_week: f64,
        remaining: f64,
    },
    /// At its recent pace `short` would be left unpaid: review and transfer.
    Transfer { short: f64 },
    /// A project without payment for `weeks` weeks.
    Stalled {
        project: String,
        name: String,
        responsible: String,
        weeks: u32,
        last_payment: Option<Date>,
        remaining: f64,
    },
    /// An obstacle past its deadline.
    Obstacle {
        project: String,
        days_overdue: i32,
        deadline: Date,
        description: String,
        agency: String,
        person: String,
    },
    /// The investor's reports and the Treasury's differ.
    Reconcile {
        project: String,
        reported: f64,
        treasury: f64,
    },
}

impl ProposalMessage {
    /// The sentence in `lang`.
    #[must_use]
    pub fn text(&self, l: Lang) -> String {
        match self {
            Self::Pace {
                needed_per_week,
                weeks_left: w,
                recent_per_week,
                remaining,
            } => {
                let (need, recent, rest) = (
                    l.grouped(*needed_per_week, 1),
                    l.grouped(*recent_per_week, 1),
                    l.grouped(*remaining, 1),
                );
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
            Self::Transfer { short } => {
                let s = l.grouped(*short, 1);
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
            Self::Stalled {
                project: code,
                name,
                responsible: who,
                weeks,
                last_payment,
                remaining,
            } => {
                let since = last_payment.map_or_else(
                    || l.pick("none this year", "chưa có trong năm").to_owned(),
                    |d| d.to_string(),
                );
                let r = l.grouped(*remaining, 1);
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
            Self::Obstacle {
                project: code,
                days_overdue: days,
                deadline: due,
                description: what,
                agency,
                person,
            } => match l {
                Lang::En => format!(
                    "Obstacle on project {code} is {days} days past its deadline of {due} ({what}): \
                     escalate to the People's Committee; responsible: {agency}, {person}."
                ),
                Lang::Vi => format!(
                    "Vướng mắc tại dự án {code} quá hạn {days} ngày (hạn {due}; {what}): báo cáo UBND tỉnh \
                     chỉ đạo; trách nhiệm: {agency}, {person}."
                ),
            },
            Self::Reconcile {
                project: code,
                reported,
                treasury,
            } => {
                let (rep, tre) = (l.grouped(*reported, 1), l.grouped(*treasury, 1));
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
        }
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
    /// Every proposal carries its figure and its sentence as a typed [`ProposalMessage`],
    /// rendered in English or Vietnamese by [`Proposal::message`].
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn proposals(&self, as_of: Date, opts: &ProposalOptions) -> Result<Vec<Proposal>> {
        let ranking = self.ranking(as_of, opts.rule)?;
        let (countdown, stalled_rows) = self.countdown_and_stalled(as_of, opts.stalled_weeks)?;
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
            let mut push = |kind, subject: &str, amount, message| {
                out.push(Proposal {
                    rank: inv.rank,
                    investor: inv.investor.clone(),
                    investor_name: inv.name.clone(),
                    rate_pct: inv.rate_pct,
                    vs_province_pp: inv.vs_province_pp,
                    kind,
                    subject: subject.to_owned(),
                    amount,
                    message,
                });
            };
            if let Some(c) = countdown.get(&inv.investor) {
                push(
                    ProposalKind::Pace,
                    &inv.investor,
                    c.needed_per_week,
                    ProposalMessage::Pace {
                        needed_per_week: c.needed_per_week,
                        weeks_left: c.weeks_left,
                        recent_per_week: c.recent_per_week,
                        remaining: c.remaining,
                    },
                );
                let short = c.remaining - c.recent_per_week * f64::from(c.weeks_left);
                if short > 0.0 {
                    push(
                        ProposalKind::Transfer,
                        &inv.investor,
                        short,
                        ProposalMessage::Transfer { short },
                    );
                }
            }
            for p in stalled_rows.iter().filter(|p| p.investor == inv.investor) {
                push(
                    ProposalKind::Stalled,
                    &p.project,
                    p.plan - p.paid,
                    ProposalMessage::Stalled {
                        project: p.project.clone(),
                        name: p.name.clone(),
                        responsible: p.responsible.clone(),
                        weeks: opts.stalled_weeks,
                        last_payment: p.last_payment,
                        remaining: p.plan - p.paid,
                    },
                );
            }
            for o in obstacles.iter().filter(|o| o.investor == inv.investor) {
                push(
                    ProposalKind::Obstacle,
                    &o.project,
                    f64::from(o.days_overdue),
                    ProposalMessage::Obstacle {
                        project: o.project.clone(),
                        days_overdue: o.days_overdue,
                        deadline: o.deadline,
                        description: o.description.clone(),
                        agency: o.agency.clone(),
                        person: o.person.clone(),
                    },
                );
            }
            for d in differences.iter().filter(|d| d.investor == inv.investor) {
                push(
                    ProposalKind::Reconcile,
                    &d.project,
                    d.difference,
                    ProposalMessage::Reconcile {
                        project: d.project.clone(),
                        reported: d.reported,
                        treasury: d.treasury,
                    },
                );
            }
        }
        Ok(out)
    }

    /// The count-down by investor, by code, and the projects stalled for `stalled_weeks`
    /// on `as_of`, from one read of the projects, their plans in force and paid.
    fn countdown_and_stalled(
        &self,
        as_of: Date,
        stalled_weeks: u32,
    ) -> Result<(HashMap<String, CountdownRow>, Vec<StalledRow>)> {
        let (projects, figures) = self.countdown_figures(as_of, None)?;
        let countdown = Self::countdown_rows(as_of, &projects, &figures, Level::Investor)
            .into_iter()
            .map(|r| (r.key.clone(), r))
            .collect();
        let (plan, paid): (Vec<f64>, Vec<f64>) = figures.iter().map(|(v, _)| (v[0], v[1])).unzip();
        let stalled = self.stalled_among(as_of, stalled_weeks, projects, &plan, &paid)?;
        Ok((countdown, stalled))
    }
}
