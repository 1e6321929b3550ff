//! A synthetic disbursement portfolio for Cao Bằng 2025 (clearly labelled: no project, investor
//! or person in it is real; the district names are).
//!
//! Seeded and deterministic: 40 investors, about 300 projects over five capital sources,
//! Treasury and investor payments every Friday from 3 January to 29 August, a monthly plan per
//! project (with milestones and owners for some, and some investors' weekly plans for
//! September), obstacles in every status, and one mid-year plan revision (15 July) that adds capital to a set of
//! projects, starts a few new ones and moves some capital between projects.
//!
//! Only two published figures enter the construction, as calibration targets of the plan: the
//! payments are generated first; the initial plan is then scaled so that the Treasury's
//! payments to 30 June are [`CAO_BANG_2025_JUNE_RATE_PCT`] of it, and the revision adds what
//! makes the payments to 31 July [`CAO_BANG_2025_JULY_RATE_PCT`] of the revised plan. The
//! rates themselves are computed by the tracker like any other (tests check that they land).

use crate::date::Date;
use crate::disbursement::{
    RawTable, Tracker, ADVANCE_COLUMNS, OBSTACLE_COLUMNS, PAYMENT_COLUMNS, PROJECT_COLUMNS,
    RECOVERY_COLUMNS, WEEKLY_PLAN_COLUMNS,
};
use crate::error::Result;

/// Published: disbursement about 41.8% of the plan on 30 June 2025 (Cao Bằng).
pub const CAO_BANG_2025_JUNE_RATE_PCT: f64 = 41.8;
/// Published: 26.8% at the end of July 2025, "15 points lower than on 30 June".
pub const CAO_BANG_2025_JULY_RATE_PCT: f64 = 26.8;

/// Cumulative share of the year's plan due by each month's end.
const PROFILE: [f64; 12] = [
    0.04, 0.09, 0.16, 0.24, 0.33, 0.45, 0.55, 0.64, 0.73, 0.82, 0.91, 1.0,
];

const SEED: u64 = 0x0CA0_BA46_2025;

/// `SplitMix64`: a small, well-known generator; the example must not depend on a crate's
/// generator staying the same across versions.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.uniform() * n as f64) as usize % n.max(1)
    }

    /// Log-normal with median `median` and log-sd `sigma` (Box-Muller).
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        let u1 = self.uniform().max(1e-12);
        let u2 = self.uniform();
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        median * (sigma * z).exp()
    }
}

const DISTRICTS: &[&str] = &[
    "Thành phố Cao Bằng",
    "Hòa An",
    "Trùng Khánh",
    "Quảng Hòa",
    "Hà Quảng",
    "Bảo Lạc",
    "Bảo Lâm",
    "Nguyên Bình",
    "Thạch An",
    "Hạ Lang",
];

/// Capital sources: code and relative weight in the portfolio.
const SOURCES: &[(&str, f64)] = &[
    ("NSTW", 0.35),      // central budget (ngân sách trung ương)
    ("NSDP", 0.30),      // local budget (ngân sách địa phương)
    ("CTMTQG", 0.20),    // national target programmes
    ("ODA", 0.07),       // foreign loans
    ("NSDP-2024", 0.08), // local budget carried over from 2024 (vốn kéo dài)
];

const FAMILY: &[&str] = &[
    "Nguyễn", "Hoàng", "Nông", "Lương", "Bế", "Đàm", "Triệu", "Lục",
];
const GIVEN: &[&str] = &[
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Thị Dung",
    "Minh Hải",
    "Đức Long",
];

const AGENCIES: &[&str] = &[
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Xây dựng",
    "UBND huyện (địa phương dự án)",
    "Kho bạc Nhà nước khu vực",
];

const OBSTACLES: &[&str] = &[
    "Vướng mặt bằng: chưa bàn giao đất (synthetic)",
    "Chưa phê duyệt điều chỉnh dự án (synthetic)",
    "Thiếu vật liệu san lấp (synthetic)",
    "Hồ sơ thanh toán bị trả lại (synthetic)",
];

fn table(header: &[&str], rows: Vec<Vec<String>>) -> RawTable {
    RawTable::from_rows(Some(header[1].to_owned()), header, rows)
}

fn pick_source(rng: &mut Rng) -> &'static str {
    let mut u = rng.uniform();
    for (code, w) in SOURCES {
        if u < *w {
            return code;
        }
        u -= w;
    }
    SOURCES[0].0
}

/// The generated portfolio as import tables (projects, plans, monthly plans, payments,
/// obstacles).
///
/// # Errors
/// None in practice: the dates it builds are valid ([`crate::GrdpsimError::InvalidArgument`]
/// otherwise).
#[allow(clippy::too_many_lines)]
pub fn cao_bang_disbursement_2025_tables() -> Result<Vec<RawTable>> {
    let mut rng = Rng(SEED);
    let n_investors = 40;
    let n_projects = 300;
    let n_new = 8; // started by the July revision
                   // Investor sizes: a few large project management boards, many small ones.
    let investor_weight: Vec<f64> = (0..n_investors).map(|_| rng.lognormal(1.0, 1.0)).collect();
    let wsum: f64 = investor_weight.iter().sum();
    let mut projects = Vec::new();
    let mut investor_of = Vec::new();
    let mut raw_plan = Vec::new();
    let mut source_of = Vec::new();
    for i in 0..n_projects {
        let mut u = rng.uniform() * wsum;
        let mut inv = 0;
        while inv + 1 < n_investors && u >= investor_weight[inv] {
            u -= investor_weight[inv];
            inv += 1;
        }
        let source = pick_source(&mut rng);
        let code = format!("DA-{:03}", i + 1);
        let person = format!(
            "{} {} (synthetic)",
            FAMILY[rng.below(FAMILY.len())],
            GIVEN[rng.below(GIVEN.len())]
        );
        projects.push(vec![
            code,
            format!("Dự án tổng hợp số {:03} (synthetic)", i + 1),
            format!("CDT-{:02}", inv + 1),
            format!("Chủ đầu tư tổng hợp {:02} (synthetic)", inv + 1),
            person,
            source.to_owned(),
            DISTRICTS[rng.below(DISTRICTS.len())].to_owned(),
        ]);
        investor_of.push(inv);
        source_of.push(source);
        raw_plan.push(if i < n_projects - n_new {
            rng.lognormal(12_000.0, 1.0)
        } else {
            0.0
        });
    }
    // Fridays 3 January .. 29 August.
    let first = Date::new(2025, 1, 3)?;
    let weeks: Vec<Date> = (0..35).map(|k| first.add_days(7 * k)).collect();
    let june = Date::new(2025, 6, 30)?;
    let july = Date::new(2025, 7, 31)?;
    let revision_day = Date::new(2025, 7, 15)?;
    // Treasury payments: each project has its pace; the province's weekly profile rises over
    // the year, dips at Tết (late January, early February) and pushes at the end of June.
    let mut treasury = vec![vec![0.0; weeks.len()]; n_projects];
    let mut stalled_from = vec![usize::MAX; n_projects];
    for i in 0..n_projects {
        let pace = 0.4 + rng.uniform();
        if rng.uniform() < 0.08 {
            stalled_from[i] = 18 + rng.below(14);
        }
        for (k, d) in weeks.iter().enumerate() {
            let (_, m, day) = d.ymd();
            let tet = (m == 1 && day >= 24) || (m == 2 && day <= 7);
            let profile = (0.35 + 1.3 * k as f64 / 34.0)
                * if tet { 0.2 } else { 1.0 }
                * if m == 6 && day >= 20 { 1.6 } else { 1.0 };
            let base = if raw_plan[i] > 0.0 {
                raw_plan[i]
            } else if *d > revision_day {
                25_000.0 // the new projects start after the revision
            } else {
                0.0
            };
            if k >= stalled_from[i] || rng.uniform() < 0.25 {
                continue;
            }
            treasury[i][k] = (base * 0.0145 * pace * profile * rng.lognormal(1.0, 0.35)).round();
        }
    }
    let paid_to = |d: Date| -> f64 {
        treasury
            .iter()
            .map(|w| {
                w.iter()
                    .zip(&weeks)
                    .filter(|(_, wk)| **wk <= d)
                    .map(|(x, _)| x)
                    .sum::<f64>()
            })
            .sum()
    };
    // The plan: scaled so that the June payments are the published share of it ...
    let b0 = paid_to(june) / (CAO_BANG_2025_JUNE_RATE_PCT / 100.0);
    let scale = b0 / raw_plan.iter().sum::<f64>();
    let mut plan0: Vec<f64> = raw_plan.iter().map(|x| (x * scale).round()).collect();
    // Rounding leaves the total a few million off; the largest project takes the difference.
    let largest = (0..n_projects)
        .max_by(|a, b| plan0[*a].total_cmp(&plan0[*b]))
        .unwrap_or(0);
    plan0[largest] += b0.round() - plan0.iter().sum::<f64>();
    // ... and the revision adds what makes the July payments the published share of the new
    // plan: capital added to central-budget and target-programme projects and to the new
    // projects, and some moved between two projects (net zero).
    let b1 = (paid_to(july) / (CAO_BANG_2025_JULY_RATE_PCT / 100.0)).round();
    let mut plan1 = plan0.clone();
    let receivers: Vec<usize> = (0..n_projects)
        .filter(|&i| {
            i >= n_projects - n_new
                || (matches!(source_of[i], "NSTW" | "CTMTQG")
                    && stalled_from[i] == usize::MAX
                    && i % 3 == 0)
        })
        .collect();
    let weights: Vec<f64> = receivers
        .iter()
        .map(|&i| {
            if raw_plan[i] > 0.0 {
                raw_plan[i]
            } else {
                40_000.0
            }
        })
        .collect();
    let wtotal: f64 = weights.iter().sum();
    let added = b1 - b0.round();
    for (&i, w) in receivers.iter().zip(&weights) {
        plan1[i] += (added * w / wtotal).round();
    }
    let last_receiver = receivers.last().copied().unwrap_or(largest);
    plan1[last_receiver] += b1 - plan1.iter().sum::<f64>();
    // Capital moved: from the three stalled projects with the largest plans to three others.
    let mut stalled: Vec<usize> = (0..n_projects - n_new)
        .filter(|&i| stalled_from[i] < 26)
        .collect();
    stalled.sort_by(|a, b| plan0[*b].total_cmp(&plan0[*a]));
    for (k, &from) in stalled.iter().take(3).enumerate() {
        let moved = (0.3 * plan0[from]).round();
        plan1[from] -= moved;
        plan1[receivers[k]] += moved;
    }
    // Tables.
    let mut plans = Vec::new();
    let mut monthly = Vec::new();
    let mut weekly = Vec::new();
    for i in 0..n_projects {
        let code = &projects[i][0];
        if plan0[i] > 0.0 {
            plans.push(vec![
                code.clone(),
                "2025-01-01".to_owned(),
                format!("{}", plan0[i]),
                "QĐ giao kế hoạch vốn năm 2025 (synthetic)".to_owned(),
            ]);
        }
        if (plan1[i] - plan0[i]).abs() > 0.0 {
            plans.push(vec![
                code.clone(),
                revision_day.to_string(),
                format!("{}", plan1[i]),
                "QĐ điều chỉnh, bổ sung kế hoạch vốn (synthetic)".to_owned(),
            ]);
        }
        let mut before = 0.0;
        for (m, share) in PROFILE.iter().enumerate() {
            // Months to July follow the initial plan; the revision's change is spread over
            // August to December.
            let due = plan0[i] * share
                + if m >= 7 {
                    (plan1[i] - plan0[i]) * (m - 6) as f64 / 5.0
                } else {
                    0.0
                };
            let amount = (due - before).max(0.0).round();
            before += amount;
            if amount > 0.0 {
                let (milestone, owner) = milestone_of(i, m);
                monthly.push(vec![
                    code.clone(),
                    format!("2025-{:02}", m + 1),
                    format!("{amount}"),
                    milestone,
                    owner,
                ]);
            }
        }
        // Every thirtieth project from the sixth: its investor's weekly plan for September
        // (weeks after the example's last reported week, so no view to 29 August changes).
        if i % 30 == 5 {
            let week = (plan1[i] * (PROFILE[8] - PROFILE[7]) / 4.0).round();
            for day in ["2025-09-05", "2025-09-12", "2025-09-19", "2025-09-26"] {
                weekly.push(vec![code.clone(), day.to_owned(), format!("{week}")]);
            }
        }
    }
    let mut payments = Vec::new();
    for i in 0..n_projects {
        // One project in eight reports figures of its own: a week early, rounded, or not yet
        // recorded by the Treasury.
        let sloppy = rng.uniform() < 0.125;
        for (k, d) in weeks.iter().enumerate() {
            let t = treasury[i][k];
            if t > 0.0 {
                payments.push(vec![
                    projects[i][0].clone(),
                    d.to_string(),
                    "treasury".to_owned(),
                    format!("{t}"),
                ]);
            }
            let reported = if sloppy {
                (t * (0.95 + 0.15 * rng.uniform())).round()
            } else {
                t
            };
            if reported > 0.0 {
                payments.push(vec![
                    projects[i][0].clone(),
                    d.to_string(),
                    "investor".to_owned(),
                    format!("{reported}"),
                ]);
            }
        }
    }
    let mut obstacles = Vec::new();
    for (n, i) in (0..n_projects)
        .filter(|&i| stalled_from[i] != usize::MAX || i % 23 == 0)
        .enumerate()
    {
        let reported = first.add_days(7 * (10 + rng.below(15)) as i32);
        let deadline = reported.add_days(21 + 7 * rng.below(6) as i32);
        let resolved = n % 3 == 0;
        // Statuses by a fixed rule (no draw, so the other tables stay as they were).
        let status = match (resolved, n % 5) {
            (true, _) => "resolved",
            (false, 1) => "in_progress",
            (false, 2) => "escalated",
            _ => "open",
        };
        obstacles.push(vec![
            projects[i][0].clone(),
            OBSTACLES[n % OBSTACLES.len()].to_owned(),
            reported.to_string(),
            AGENCIES[rng.below(AGENCIES.len())].to_owned(),
            format!(
                "{} {} (synthetic)",
                FAMILY[rng.below(FAMILY.len())],
                GIVEN[rng.below(GIVEN.len())]
            ),
            deadline.to_string(),
            status.to_owned(),
            if resolved {
                "Đã giải quyết (synthetic)"
            } else {
                ""
            }
            .to_owned(),
            if resolved {
                deadline.add_days(-3).to_string()
            } else {
                String::new()
            },
        ]);
    }
    let (advances, recoveries) = advances_of(&projects);
    Ok(vec![
        table(PROJECT_COLUMNS, projects),
        table(&["project", "effective", "amount", "decision"], plans),
        table(
            &["project", "month", "amount", "milestone", "owner"],
            monthly,
        ),
        table(WEEKLY_PLAN_COLUMNS, weekly),
        table(PAYMENT_COLUMNS, payments),
        table(OBSTACLE_COLUMNS, obstacles),
        table(ADVANCE_COLUMNS, advances),
        table(RECOVERY_COLUMNS, recoveries),
    ])
}

/// The milestone and owner of project `i`'s line for month `m` (0-based): every seventh
/// project names them for August to December (synthetic names); the others none.
fn milestone_of(i: usize, m: usize) -> (String, String) {
    const MILESTONES: [&str; 5] = [
        "giải phóng mặt bằng xong",
        "gói thầu 1 nghiệm thu",
        "gói thầu 2 nghiệm thu",
        "hoàn thành 80% khối lượng",
        "nghiệm thu khối lượng năm",
    ];
    if !i.is_multiple_of(7) || m < 7 {
        return (String::new(), String::new());
    }
    (
        format!("{} (synthetic)", MILESTONES[m - 7]),
        format!(
            "{} {} (synthetic)",
            FAMILY[i % FAMILY.len()],
            GIVEN[(i + m) % GIVEN.len()]
        ),
    )
}

/// The Treasury's advances (tạm ứng) of every tenth project and their recoveries, by a fixed
/// rule (not the generator, whose draws the other tables keep): an advance early in the year,
/// for works, site clearance or consultancy in turn, two for every fourth of them; a part of
/// half of them recovered in June, naming the advance, and some more in August naming none.
fn advances_of(projects: &[Vec<String>]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    const PURPOSES: [&str; 3] = ["works", "site_clearance", "consultancy"];
    let (mut advances, mut recoveries) = (Vec::new(), Vec::new());
    for (n, row) in projects.iter().skip(3).step_by(10).enumerate() {
        let code = &row[0];
        let amount = 400.0 + 50.0 * (n % 9) as f64;
        let day = Date::new(2025, 1 + (n % 4) as u32, 10).unwrap_or_else(|_| unreachable!());
        advances.push(vec![
            code.clone(),
            format!("TU-{n:03}"),
            day.to_string(),
            format!("{amount}"),
            PURPOSES[n % PURPOSES.len()].to_owned(),
        ]);
        if n % 4 == 0 {
            advances.push(vec![
                code.clone(),
                format!("TU-{n:03}b"),
                day.add_days(60).to_string(),
                "250".to_owned(),
                "site_clearance".to_owned(),
            ]);
        }
        if n % 2 == 0 {
            recoveries.push(vec![
                code.clone(),
                format!("TH-{n:03}"),
                "2025-06-20".to_owned(),
                format!("{}", amount * 0.4),
                format!("TU-{n:03}"),
            ]);
        }
        if n % 3 == 0 {
            recoveries.push(vec![
                code.clone(),
                format!("TH-{n:03}-8"),
                "2025-08-20".to_owned(),
                "100".to_owned(),
                String::new(),
            ]);
        }
    }
    (advances, recoveries)
}

/// The synthetic Cao Bằng 2025 portfolio in an in-memory tracker (see the module docs).
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
///
/// # Examples
/// ```
/// use grdpsim::disbursement::Level;
/// let t = grdpsim::datasets::cao_bang_disbursement_2025()?;
/// let s = t.status("2025-06-30".parse()?, Level::Province)?;
/// assert!((s.total.rate_pct - 41.8).abs() < 0.05);
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
pub fn cao_bang_disbursement_2025() -> Result<Tracker> {
    let mut t = Tracker::in_memory("Cao Bằng (synthetic portfolio)", 2025)?;
    load_cao_bang_disbursement_2025(&mut t)?;
    Ok(t)
}

/// The synthetic portfolio written to a new store at `path` (a file to serve, to copy, to
/// import into).
///
/// # Errors
/// What [`Tracker::create`] returns (a file of another plan year, not a store);
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn cao_bang_disbursement_2025_at(path: impl AsRef<std::path::Path>) -> Result<Tracker> {
    let mut t = Tracker::create(path, "Cao Bằng (synthetic portfolio)", 2025)?;
    load_cao_bang_disbursement_2025(&mut t)?;
    Ok(t)
}

/// Loads the synthetic portfolio into `tracker` (a store of the plan year 2025), e.g. to write
/// it to a file.
///
/// # Errors
/// [`crate::GrdpsimError::ImportRejected`] if the tracker is not of 2025;
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn load_cao_bang_disbursement_2025(tracker: &mut Tracker) -> Result<()> {
    tracker.import_tables(
        "cao_bang_disbursement_2025 (synthetic)",
        cao_bang_disbursement_2025_tables()?,
        "grdpsim example",
    )?;
    Ok(())
}
