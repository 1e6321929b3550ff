//! # grdpsim
//!
//! Growth scenarios for a region's GRDP (tổng sản phẩm trên địa bàn).
//!
//! | concept | module | start with |
//! |---|---|---|
//! | periods: `2024Q3`, `2024Q1-Q3` (9 tháng), `2024H1`, `2024` | [`period`] | [`Period`] |
//! | sector trees (VSIC sections, broad sectors, aliases NLTS = A, CNXD = BTF, ...) | [`sector`] | [`SectorTree`] |
//! | quarterly levels by sector, growth (tốc độ tăng) | [`accounts`] | [`Accounts`] |
//! | contributions (đóng góp, điểm phần trăm) and structure (cơ cấu) | [`contributions`] | [`Accounts::contributions`] |
//! | loaders: long CSV, GSO's SDMX-ML feed | [`io`] | [`Accounts::from_csv`], [`Accounts::from_sdmx`] |
//! | scenarios: targets, actuals, gap, required growth, what-if, files, batch | [`scenario`] | [`Scenario`] |
//! | temporal disaggregation and nowcasts (R tempdisagg parity) | [`disaggregation`] | [`disaggregate`] |
//! | public-investment disbursement (giải ngân): weekly store, status, ranking, count-down (feature `store`) | [`disbursement`] on a [`store::Store`] | [`disbursement::Tracker`] |
//! | monitoring indicators, tasks, early warnings, the monthly digest (feature `store`) | [`monitoring`], on the same store as disbursement ([`province`]) | [`monitoring::Monitor`] |
//! | reports people read: text, Markdown, self-contained HTML, Excel workbooks | [`document`] | [`document::Document`] |
//! | the tracking report of a scenario, in English or Vietnamese (báo cáo theo dõi) | [`reports`] | [`reports::tracking::tracking_report`] |
//! | the weekly disbursement briefing and the monthly digest as documents (feature `store`) | [`reports`] | [`reports::briefing::briefing`] |
//! | languages of what people read: Vietnamese and English | [`lang`] | [`lang::Lang`] |
//! | embedded data: Cao Bằng 2023–2024 and its 2025 scenario | [`datasets`] | [`datasets::cao_bang_2025`] |
//!
//! # Features
//!
//! The default build is the scenario maths: accounts, scenarios, gap, required growth,
//! disaggregation, probability and documents as text, Markdown and HTML. It compiles no
//! `SQLite`, no spreadsheet stack and no web stack. The rest is opt-in:
//!
//! | feature | brings | compiles |
//! |---|---|---|
//! | `store` | the province's store ([`store`]): [`monitoring`], [`disbursement`], [`Scenario::with_disbursement`], the embedded monitoring and disbursement examples | rusqlite with bundled `SQLite` |
//! | `xlsx` | scenario workbooks ([`scenario::excel`]), [`document::Document::write_xlsx`], workbook imports into the store (with `store`) | calamine, `rust_xlsxwriter` |
//! | `web` | the tracking web page (`grdpsim serve`); implies `store` and `xlsx` | axum, tokio, argon2 |
//! | `python` | the Python module `grdpsim._core` (built by maturin); implies `store` and `xlsx` | pyo3, numpy |
//! | `full` | all of the above: the command line and the wheel | |
//!
//! Without `xlsx`, a store import given a workbook is refused with [`GrdpsimError::Io`] saying
//! so, never skipped.
//!
//! # Examples to run
//!
//! Each is a file in the checkout's `examples/` folder, run by `make test`:
//!
//! | file | run | prints |
//! |---|---|---|
//! | `examples/scenario.rs` | `cargo run --example scenario` | the Cao Bằng 2025 gap in H1 ([`Gap`], GRDP -1.04 pp) and the growth the second half requires ([`RequiredGrowth`], 9.27% uniform) |
//! | `examples/probability.rs` | `cargo run --example probability` | the probability of reaching 8% ([`probability::Probability`]) and its percentiles |
//! | `examples/disbursement.rs` | `cargo run --example disbursement --features store` | the weekly ranking of investors in the example store |
//! | `examples/monitor_digest.rs` | `cargo run --example monitor_digest --features store -- vi` | the July 2025 monitoring digest, in Vietnamese |
//!
//! [`Gap`], [`RequiredGrowth`], [`scenario::GoalSeek`] and [`probability::Probability`] print
//! (`{}`) as Python's `repr` of the same results.
//!
//! # One argument order
//!
//! A query of a sector over a period takes the period first, then the sector, in Rust as in
//! Python: `acc.growth(period, sector)`, `scenario.growth(period, sector)`,
//! `scenario.actual_growth(period, sector)`, `Target::new(period, sector, pct)`. A scenario's
//! period is a [`Period`] parsed once or a label of the scenario year (`"H1"`, `"6 tháng"`,
//! `"2025Q3"`), see [`period::IntoPeriod`]; a month is a [`date::Month`].
//!
//! ```
//! use grdpsim::Period;
//! let cb = grdpsim::datasets::cao_bang_2025()?;
//! let h1: Period = "2025H1".parse()?;
//! assert_eq!(cb.growth(h1, "GRDP")?, cb.growth("6 tháng", "GRDP")?);
//! assert!((cb.growth(h1, "GRDP")? - 6.56).abs() < 0.005);
//! assert!(cb.growth("2024H1".parse::<Period>()?, "GRDP").is_err()); // not the scenario's year
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```
//!
//! Every fallible function returns [`Result`] with one error type, [`GrdpsimError`], whose
//! variants name the sector, the period and the value at fault.
//!
//! # The tracking report
//!
//! The committee's report on a scenario (the official gap, notes, targets and their
//! consistency, actual growth, the gap by sector, the growth still required) is one
//! [`document::Document`], rendered as text, Markdown, HTML or, with `xlsx`, a workbook:
//!
//! ```
//! use grdpsim::lang::Lang;
//! use grdpsim::reports::tracking::{tracking_report, TrackingOptions};
//! use grdpsim::scenario::{Policy, RequiredOptions};
//!
//! let cb = grdpsim::datasets::cao_bang_2025()?;
//! let required = RequiredOptions::new(Policy::Uniform).target(8.0);
//! let doc = tracking_report(&cb, &TrackingOptions::new(Lang::Vi).required(required))?;
//! let markdown = doc.to_markdown(); // or to_text(), to_html(), write_xlsx(path)
//! assert!(markdown.contains("6 tháng: GRDP tăng 6,56%, mục tiêu 7,60%: thấp hơn kịch bản 1,04"));
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```
//!
//! # A tour
//!
//! ```
//! use grdpsim::scenario::{Policy, RequiredOptions};
//! use grdpsim::{datasets, Convention};
//!
//! // The province's 2024 accounts: contributions sum to GRDP growth (provincial convention).
//! let base = datasets::cao_bang_base()?;
//! let c = base.contributions("2024".parse()?, Convention::Grdp)?;
//! let sum: f64 = c.rows.iter().map(|r| r.contribution_pp).sum();
//! assert!((sum - c.total.growth_pct).abs() < 1e-9);
//!
//! // The 2025 scenario after six months: 6.56% against the stated 7.60%, "1.04 pp below the
//! // scenario", which decomposes into the sectors' gaps and the scenario's own inconsistency
//! // (its sector targets give more than the 7.60% it states for 6M).
//! let cb = datasets::cao_bang_2025()?;
//! let gap = cb.gap("H1")?;
//! assert!((gap.grdp().gap_pp - (6.56 - 7.60)).abs() < 1e-9);
//! let broad: f64 = ["NLTS", "CNXD", "DV", "TSP"].iter().map(|s| gap.row(s).unwrap().gap_pp).sum();
//! let inconsistency = gap.row("inconsistency").unwrap().gap_pp;
//! assert!((broad + inconsistency - gap.grdp().gap_pp).abs() < 1e-9);
//!
//! // ... and the second half must grow faster than planned to reach 8%.
//! let rq = cb.required_growth(&RequiredOptions::new(Policy::Uniform).target(8.0))?;
//! assert!(rq.feasible && rq.grdp_pct > 9.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The web tests' shared helpers (tests/web_support, included by web::upload's tests too) name
// the crate `grdpsim`, as an integration test does.
#[cfg(all(test, feature = "web"))]
extern crate self as grdpsim;

pub mod accounts;
mod atomic;
pub mod contributions;
pub mod datasets;
pub mod date;
pub mod disaggregation;
#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub mod disbursement;
pub mod document;
pub mod error;
mod growth;
pub mod io;
pub mod lang;
pub mod levels;
#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub mod monitoring;
pub mod period;
pub mod probability;
#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub mod province;
pub mod reports;
pub mod scenario;
pub mod sector;
#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub mod store;
pub mod uncertainty;
#[cfg(feature = "web")]
#[cfg_attr(docsrs, doc(cfg(feature = "web")))]
pub mod web;

#[cfg(feature = "python")]
mod python;

pub use accounts::{Accounts, LevelRecord, PriceBasis};
pub use contributions::{ContributionRow, Contributions, Convention, StructureRow};
pub use disaggregation::{disaggregate, Disaggregation, DisaggregationOptions};
pub use error::{DbErrorCode, ErrorKind, GrdpsimError, IoCause, Result, RowProblem};
pub use period::{Period, Quarter};
pub use scenario::{
    Actual, ActualValue, DerivationRule, Gap, Policy, QuarterSpread, RequiredGrowth,
    RequiredOptions, Scenario, Target,
};
pub use sector::{Sector, SectorSpec, SectorTree};

/// The README's Rust example, compiled and run as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
