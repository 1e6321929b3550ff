//! The second denominator (issue 26): the national target, the capital plan the Prime Minister
//! assigned the province for the year (kế hoạch vốn Thủ tướng Chính phủ giao), with the date
//! and source of its decision, beside the plan in force (the province's own allocation, which
//! may be larger or smaller). The Ministry of Finance's weekly reports measure a province
//! against both.
//!
//! The target is province-level: the province's rate against it is
//! `100 · P(d) / national target`; projects, investors and capital sources have no national
//! denominator of their own. Without a target stored for the year there is no second rate
//! (`None`, written "no national target" / "chưa có mục tiêu quốc gia"), never 0.

use rusqlite::{params, OptionalExtension};

use super::{Ranking, RankingRule, StatusRow, Tracker};
use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;
use crate::store::import::render;
use crate::store::{audit_at, now_utc};

/// The national target of a plan year.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalTarget {
    pub year: i32,
    /// Million VND.
    pub amount: f64,
    /// The date of the decision that set it.
    pub decided_on: Date,
    /// The decision (e.g. "Quyết định 1508/QĐ-TTg").
    pub source: String,
}

/// The province's rate as of a date against both denominators.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoRates {
    pub as_of: Date,
    /// Cumulative payments to `as_of`, million VND.
    pub paid: f64,
    /// The plan in force on `as_of` and the rate against it (NaN for a zero plan).
    pub plan: f64,
    pub rate_plan_pct: f64,
    /// The national target of the year and the rate against it; `None` without a target.
    pub national: Option<NationalTarget>,
    pub rate_national_pct: Option<f64>,
}

impl TwoRates {
    /// The rate against the national target as a table cell writes it: `26,8` in Vietnamese,
    /// or what stands instead when the year has no target.
    pub fn national_cell(&self, lang: Lang) -> String {
        match self.rate_national_pct {
            Some(r) => lang.grouped(r, 1),
            None => match lang {
                Lang::Vi => "chưa có mục tiêu quốc gia".to_owned(),
                Lang::En => "no national target".to_owned(),
            },
        }
    }
}

impl Tracker {
    /// The national target of the tracker's plan year, if one is stored.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn national_target(&self) -> Result<Option<NationalTarget>> {
        let found: Option<(f64, String, String)> = self.store().query_opt(
            "SELECT amount, decided_on, source FROM national_targets WHERE year = ?1",
            [self.year()],
            |r| r.try_into(),
        )?;
        found
            .map(|(amount, decided_on, source)| {
                Ok(NationalTarget {
                    year: self.year(),
                    amount,
                    decided_on: decided_on.parse()?,
                    source,
                })
            })
            .transpose()
    }

    /// Stores the national target of the tracker's plan year (replacing one stored before),
    /// audited under `who`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming `amount` (not a positive finite number of
    /// million VND) or `source` (blank), with the year; nothing is written then.
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn set_national_target(
        &mut self,
        amount: f64,
        decided_on: Date,
        source: &str,
        who: &str,
    ) -> Result<()> {
        let year = self.year();
        let source = source.trim();
        if !amount.is_finite() || amount <= 0.0 {
            return Err(GrdpsimError::invalid_argument(
                "amount",
                format!("the national target of {year} must be a positive amount, not {amount}"),
            ));
        }
        if source.is_empty() {
            return Err(GrdpsimError::invalid_argument(
                "source",
                format!("the national target of {year} needs its decision (source)"),
            ));
        }
        let day = decided_on.to_string();
        self.store().write(|tx| {
            let old: Option<(f64, String, String)> = tx
                .query_row(
                    "SELECT amount, decided_on, source FROM national_targets WHERE year = ?1",
                    [year],
                    |r| r.try_into(),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO national_targets (year, amount, decided_on, source)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (year) DO UPDATE SET amount = excluded.amount,
                     decided_on = excluded.decided_on, source = excluded.source",
                params![year, amount, day, source],
            )?;
            let row = |a: f64, d: &str, s: &str| {
                use rusqlite::types::Value;
                render(&[Value::Real(a), Value::Text(d.into()), Value::Text(s.into())])
            };
            let old = old.map(|(a, d, s)| row(a, &d, &s));
            audit_at(
                tx,
                &now_utc(),
                who,
                "national target",
                "national_targets",
                &year.to_string(),
                old.as_deref(),
                Some(&row(amount, &day, source)),
            )
        })
    }

    /// The province's rate as of `as_of` against the plan in force and against the national
    /// target (on the tracker's payment source).
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    ///
    /// # Examples
    /// ```
    /// let mut t = grdpsim::datasets::cao_bang_disbursement_2025()?;
    /// let d = "2025-07-31".parse()?;
    /// assert_eq!(t.rates_against_both(d)?.rate_national_pct, None);
    /// t.set_national_target(4_000_000.0, "2024-12-05".parse()?, "QĐ 1508/QĐ-TTg", "admin")?;
    /// let both = t.rates_against_both(d)?;
    /// let national = both.rate_national_pct.unwrap();
    /// assert!((national - 100.0 * both.paid / 4_000_000.0).abs() < 1e-9);
    /// assert!((both.rate_plan_pct - 26.8).abs() < 0.05);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn rates_against_both(&self, as_of: Date) -> Result<TwoRates> {
        self.two_rates(as_of, &self.province_total(as_of)?)
    }

    /// The ranking of investors as of `as_of` ([`Tracker::ranking`]) and the province's rates
    /// against both denominators ([`Tracker::rates_against_both`]), from one read of the kept
    /// aggregates per investor: the province's figures are the sum of the investors' read for
    /// the ranking.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn ranking_against_both(
        &self,
        as_of: Date,
        rule: RankingRule,
    ) -> Result<(Ranking, TwoRates)> {
        let (ranking, total) = self.ranking_and_total(as_of, rule)?;
        let rates = self.two_rates(as_of, &total)?;
        Ok((ranking, rates))
    }

    /// The province's rates from its status row on `as_of`.
    fn two_rates(&self, as_of: Date, total: &StatusRow) -> Result<TwoRates> {
        let national = self.national_target()?;
        Ok(TwoRates {
            as_of,
            paid: total.paid,
            plan: total.plan,
            rate_plan_pct: total.rate_pct,
            rate_national_pct: national.as_ref().map(|n| 100.0 * total.paid / n.amount),
            national,
        })
    }
}
