//! A department's indicator target tied to its sector's growth target: the **indicator target
//! the scenario implies**, beside the department's own plan target.
//!
//! An indicator is linked to a sector (the industrial production value, `CN_GTSX`, to
//! industry, `CN`) in the monitoring policy (`[links.CN_GTSX]`, [`SectorLink`]), by one of two
//! stated conversions, each with its source:
//!
//! ```text
//! value added:  target = VA(P) · price_index / va_ratio
//!               implied VA growth of a plan = (1 + G) · plan / target − 1
//! elasticity:   target = last year's indicator over P · (1 + ε · G)
//!               implied VA growth of a plan = (plan / last year's − 1) / ε
//! ```
//!
//! with `VA(P)` the sector's target value added of the period at constant prices
//! ([`Scenario::target_level_of`]), `G` its target growth ([`Scenario::target_growth`]),
//! `va_ratio` the ratio of value added to output (both at current prices), `price_index` the
//! year's output prices over the constant-price base, and `ε` the indicator's elasticity to
//! the sector's value added (calibrated on history). A plan that implies less value-added
//! growth than the scenario assigns is flagged ([`DerivedTarget::shortfall_text`]).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::indicators::{Monitor, MonthlyValue};
use super::messages::Message;
use super::WarningPolicy;
use crate::error::{GrdpsimError, Result};
use crate::io::tables::RawTable;
use crate::lang::{Lang, Note};
use crate::scenario::Scenario;

/// The periods an indicator's target is derived for, as stored (`year`, `Q3`, `Q4`, `H2`).
pub const DERIVED_PERIODS: [&str; 4] = ["year", "Q3", "Q4", "H2"];

/// An indicator's link to a sector, as the policy states it (`[links.CODE]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorLink {
    /// The scenario sector (`CN`).
    pub sector: String,
    /// Value added over output (current prices), with `price_index`.
    #[serde(default)]
    pub va_ratio: Option<f64>,
    /// The year's output prices over the scenario's constant-price base, with `va_ratio`.
    #[serde(default)]
    pub price_index: Option<f64>,
    /// The indicator's growth per point of the sector's value-added growth.
    #[serde(default)]
    pub elasticity: Option<f64>,
    /// Where the conversion is stated (a statistics office table, a calibration).
    pub source: String,
}

/// A link's conversion, checked ([`SectorLink::conversion`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    /// `target = VA · price_index / va_ratio`.
    ValueAdded { va_ratio: f64, price_index: f64 },
    /// `target = last year · (1 + ε·G)`.
    Elasticity { elasticity: f64 },
}

impl Conversion {
    /// The conversion's name: `value_added` or `elasticity`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::ValueAdded { .. } => "value_added",
            Self::Elasticity { .. } => "elasticity",
        }
    }
}

impl SectorLink {
    /// The conversion the link states: a ratio with a price index, or an elasticity.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming `links.CODE` for both or neither, half of the
    /// ratio pair, or a figure that is not positive and finite.
    pub fn conversion(&self, code: &str) -> Result<Conversion> {
        let name = format!("links.{code}");
        let positive = |key: &str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(v)
            } else {
                Err(GrdpsimError::invalid_argument(
                    &format!("{name}.{key}"),
                    format!("{v} is not a positive number"),
                ))
            }
        };
        match (self.va_ratio, self.price_index, self.elasticity) {
            (Some(r), Some(p), None) => Ok(Conversion::ValueAdded {
                va_ratio: positive("va_ratio", r)?,
                price_index: positive("price_index", p)?,
            }),
            (None, None, Some(e)) => Ok(Conversion::Elasticity {
                elasticity: positive("elasticity", e)?,
            }),
            _ => Err(GrdpsimError::invalid_argument(
                &name,
                "state either va_ratio and price_index, or elasticity",
            )),
        }
    }
}

/// Output implied by a value added at constant prices: `va · price_index / va_ratio`.
pub fn output_from_value_added(va_constant: f64, va_ratio: f64, price_index: f64) -> f64 {
    va_constant * price_index / va_ratio
}

/// The indicator implied by an elasticity: `last_year · (1 + ε·G/100)`, `G` in percent.
pub fn output_from_elasticity(last_year: f64, elasticity: f64, growth_pct: f64) -> f64 {
    last_year * (1.0 + elasticity * growth_pct / 100.0)
}

/// The value-added growth (percent) a plan implies, by the value-added conversion: the
/// scenario's target `derived` stands for growth `growth_pct`, so
/// `(1 + G) · plan / derived − 1`.
pub fn plan_growth_by_ratio(plan: f64, derived: f64, growth_pct: f64) -> f64 {
    ((1.0 + growth_pct / 100.0) * plan / derived - 1.0) * 100.0
}

/// The value-added growth (percent) a plan implies by an elasticity:
/// `(plan / last_year − 1) / ε`.
pub fn plan_growth_by_elasticity(plan: f64, last_year: f64, elasticity: f64) -> f64 {
    (plan / last_year - 1.0) / elasticity * 100.0
}

/// One indicator target the scenario implies, beside the department's plan (a digest's note
/// keeps it: [`super::notes::DigestNote::Derivation`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DerivedTarget {
    pub indicator: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: String,
    /// The department that answers for the indicator (and its plan).
    pub department: String,
    pub sector: String,
    /// `year`, `Q3`, `Q4` or `H2`.
    pub period: String,
    pub conversion: Conversion,
    pub source: String,
    /// The sector's target growth over the period, percent.
    pub assigned_growth_pct: f64,
    /// Value-added conversion: the sector's target value added, constant prices. Elasticity:
    /// last year's indicator over the period.
    pub basis_value: f64,
    /// The indicator target the scenario implies.
    pub derived: f64,
    /// The department's plan target for the period, if stored.
    pub plan: Option<f64>,
    /// The value-added growth the plan implies, percent.
    pub plan_growth_pct: Option<f64>,
}

impl DerivedTarget {
    /// Whether the plan implies less growth than the scenario assigns (by 0.05 pp or more:
    /// what shows at one decimal).
    pub fn plan_falls_short(&self) -> bool {
        self.plan_growth_pct
            .is_some_and(|g| g < self.assigned_growth_pct - 0.05)
    }

    fn period_label(&self, lang: Lang) -> String {
        super::messages::target_period_label(&self.period, lang)
    }

    /// How the target is derived, in `lang`: the sector's figure, the conversion, its source.
    pub fn derivation_text(&self, lang: Lang) -> String {
        let n = |x: f64, d: usize| lang.grouped(x, d);
        let period = self.period_label(lang);
        let (name, sector) = (lang.pick(&self.name_en, &self.name_vi), &self.sector);
        let g = lang.signed(self.assigned_growth_pct, 1);
        let how = match self.conversion {
            Conversion::ValueAdded {
                va_ratio,
                price_index,
            } => match lang {
                Lang::En => format!(
                    "value added of {sector} {} (constant prices, {g}%) × price index {} ÷ value added/output {}",
                    n(self.basis_value, 1),
                    n(price_index, 4),
                    n(va_ratio, 4)
                ),
                Lang::Vi => format!(
                    "giá trị tăng thêm {sector} {} (giá so sánh, {g}%) × chỉ số giá {} ÷ tỷ lệ GTTT/GTSX {}",
                    n(self.basis_value, 1),
                    n(price_index, 4),
                    n(va_ratio, 4)
                ),
            },
            Conversion::Elasticity { elasticity } => match lang {
                Lang::En => format!(
                    "last year's {} × (1 + elasticity {} × {sector} growth {g}%)",
                    n(self.basis_value, 1),
                    n(elasticity, 2)
                ),
                Lang::Vi => format!(
                    "cùng kỳ năm trước {} × (1 + hệ số co giãn {} × tăng trưởng {sector} {g}%)",
                    n(self.basis_value, 1),
                    n(elasticity, 2)
                ),
            },
        };
        match lang {
            Lang::En => format!(
                "{name}, {period} target the scenario implies: {} {} = {how} (source: {}).",
                n(self.derived, 1),
                lang.unit(&self.unit),
                self.source
            ),
            Lang::Vi => format!(
                "{name}, mục tiêu {period} theo kịch bản: {} {} = {how} (nguồn: {}).",
                n(self.derived, 1),
                lang.unit(&self.unit),
                self.source
            ),
        }
    }

    /// The flag of a plan that implies less growth than assigned, in `lang`; `None` otherwise.
    pub fn shortfall_text(&self, lang: Lang) -> Option<String> {
        self.shortfall_message().map(|m| m.text(lang))
    }

    /// What [`DerivedTarget::shortfall_text`] says, as a typed message.
    #[must_use]
    pub fn shortfall_message(&self) -> Option<Message> {
        if !self.plan_falls_short() {
            return None;
        }
        Some(Message::PlanBelowScenario {
            indicator: Note::new(&self.name_en, &self.name_vi),
            period: self.period.clone(),
            plan: self.plan?,
            unit: self.unit.clone(),
            implied_pct: self.plan_growth_pct?,
            assigned_pct: self.assigned_growth_pct,
            derived: self.derived,
        })
    }
}

/// The scenario's period for a stored target period (`year` is the scenario's `Y`).
fn scenario_period(period: &str) -> &str {
    if period == "year" {
        "Y"
    } else {
        period
    }
}

/// Months `a..=b` of a stored target period.
fn months_of(period: &str) -> (u32, u32) {
    match period {
        "Q3" => (7, 9),
        "Q4" => (10, 12),
        "H2" => (7, 12),
        _ => (1, 12),
    }
}

/// Last year's indicator over months `a..=b`, when every month is known.
fn last_year_over(values: &[MonthlyValue], year: i32, (a, b): (u32, u32)) -> Option<f64> {
    let by_month: HashMap<&str, Option<f64>> =
        values.iter().map(|v| (v.month.as_str(), v.value)).collect();
    (a..=b)
        .map(|m| {
            by_month
                .get(format!("{}-{m:02}", year - 1).as_str())
                .copied()
                .flatten()
        })
        .sum()
}

impl Monitor {
    /// The indicator targets `scenario` implies for every indicator the policy links to a
    /// sector (`[links.CODE]`), for the year, Q3, Q4 and H2, each beside the department's plan
    /// target; see the [module documentation](self). An elasticity link needs last year's
    /// months of the period in the store; a period without them is left out.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a link naming an indicator not in the store, a
    /// conversion not stated as one of the two, a scenario of another year;
    /// [`GrdpsimError::UnknownSector`] (or the scenario's own error) for a sector the scenario
    /// does not know; [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn derived_targets(
        &self,
        scenario: &Scenario,
        policy: &WarningPolicy,
    ) -> Result<Vec<DerivedTarget>> {
        if scenario.year() != self.year() {
            return Err(GrdpsimError::invalid_argument(
                "scenario",
                format!(
                    "a scenario of {} for a monitor of {}",
                    scenario.year(),
                    self.year()
                ),
            ));
        }
        let indicators = self.indicators()?;
        let mut out = Vec::new();
        for (code, link) in &policy.links {
            let conversion = link.conversion(code)?;
            let ind = indicators.iter().find(|i| &i.code == code).ok_or_else(|| {
                GrdpsimError::invalid_argument(
                    &format!("links.{code}"),
                    format!("{code} is not an indicator of the store"),
                )
            })?;
            let plans = self.targets(code)?;
            let values = self.monthly_values(code)?;
            for period in DERIVED_PERIODS {
                let sp = scenario_period(period);
                let growth = scenario.target_growth(sp, &link.sector)?;
                let plan = plans.get(&(period.to_owned(), "plan".to_owned())).copied();
                let (basis_value, derived, plan_growth_pct) = match conversion {
                    Conversion::ValueAdded {
                        va_ratio,
                        price_index,
                    } => {
                        let va = scenario.target_level_of(sp, &link.sector)?;
                        let d = output_from_value_added(va, va_ratio, price_index);
                        (va, d, plan.map(|p| plan_growth_by_ratio(p, d, growth)))
                    }
                    Conversion::Elasticity { elasticity } => {
                        let Some(last) = last_year_over(&values, self.year(), months_of(period))
                        else {
                            continue;
                        };
                        let d = output_from_elasticity(last, elasticity, growth);
                        (
                            last,
                            d,
                            plan.map(|p| plan_growth_by_elasticity(p, last, elasticity)),
                        )
                    }
                };
                out.push(DerivedTarget {
                    indicator: code.clone(),
                    name_vi: ind.name_vi.clone(),
                    name_en: ind.name_en.clone(),
                    unit: ind.unit.clone(),
                    department: ind.department.clone(),
                    sector: link.sector.clone(),
                    period: period.to_owned(),
                    conversion,
                    source: link.source.clone(),
                    assigned_growth_pct: growth,
                    basis_value,
                    derived,
                    plan,
                    plan_growth_pct,
                });
            }
        }
        Ok(out)
    }

    /// Stores `derived` as the indicators' `scenario` targets (through the targets import,
    /// all or nothing, recorded as `who`'s), so that [`Monitor::pace`] reads them beside the
    /// plan.
    ///
    /// # Errors
    /// As [`Monitor::import_tables`].
    pub fn store_derived_targets(
        &mut self,
        derived: &[DerivedTarget],
        who: &str,
    ) -> Result<super::MonitorImportReport> {
        let rows = derived
            .iter()
            .map(|d| {
                vec![
                    d.indicator.clone(),
                    d.period.clone(),
                    "scenario".to_owned(),
                    d.derived.to_string(),
                ]
            })
            .collect();
        let table = RawTable::from_rows(None, &["indicator", "period", "basis", "target"], rows);
        self.import_tables("targets derived from the scenario", vec![table], who)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_added_conversion_by_hand() {
        // 2,000 bn of value added at constant prices, prices 1.5 × the base, VA/output 0.3:
        // output 2,000 · 1.5 / 0.3 = 10,000.
        assert!((output_from_value_added(2000.0, 0.3, 1.5) - 10_000.0).abs() < 1e-9);
        // That target stands for +10%; a plan of 9,500 implies 1.1 · 0.95 − 1 = +4.5%.
        assert!((plan_growth_by_ratio(9500.0, 10_000.0, 10.0) - 4.5).abs() < 1e-9);
        // The plan equal to the target implies exactly the assigned growth.
        assert!((plan_growth_by_ratio(10_000.0, 10_000.0, 10.0) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn elasticity_conversion_by_hand() {
        // Last year 1,800, elasticity 1.2, +10% assigned: 1,800 · 1.12 = 2,016.
        assert!((output_from_elasticity(1800.0, 1.2, 10.0) - 2016.0).abs() < 1e-9);
        // A plan of 1,908 is +6% of output: +5% of value added at elasticity 1.2.
        assert!((plan_growth_by_elasticity(1908.0, 1800.0, 1.2) - 5.0).abs() < 1e-9);
        // And the derivation's inverse: the derived target implies the assigned growth.
        assert!((plan_growth_by_elasticity(2016.0, 1800.0, 1.2) - 10.0).abs() < 1e-9);
    }

    fn link(r: Option<f64>, p: Option<f64>, e: Option<f64>) -> SectorLink {
        SectorLink {
            sector: "CN".into(),
            va_ratio: r,
            price_index: p,
            elasticity: e,
            source: "test".into(),
        }
    }

    #[test]
    fn a_link_states_one_conversion_with_positive_figures() {
        assert_eq!(
            link(Some(0.3), Some(1.5), None).conversion("X").unwrap(),
            Conversion::ValueAdded {
                va_ratio: 0.3,
                price_index: 1.5
            }
        );
        assert_eq!(
            link(None, None, Some(1.2)).conversion("X").unwrap(),
            Conversion::Elasticity { elasticity: 1.2 }
        );
        for bad in [
            link(Some(0.3), None, None),
            link(Some(0.3), Some(1.5), Some(1.0)),
            link(None, None, None),
        ] {
            let e = bad.conversion("X").unwrap_err().to_string();
            assert!(e.contains("links.X"), "{e}");
        }
        let e = link(Some(0.0), Some(1.5), None)
            .conversion("X")
            .unwrap_err()
            .to_string();
        assert!(e.contains("links.X.va_ratio"), "{e}");
    }

    #[test]
    fn the_shortfall_is_said_in_both_languages() {
        let d = DerivedTarget {
            indicator: "CN_GTSX".into(),
            name_vi: "Giá trị sản xuất công nghiệp".into(),
            name_en: "Industrial production value".into(),
            unit: "bn VND".into(),
            department: "Sở Công Thương".into(),
            sector: "CN".into(),
            period: "Q3".into(),
            conversion: Conversion::ValueAdded {
                va_ratio: 0.3,
                price_index: 1.5,
            },
            source: "test".into(),
            assigned_growth_pct: 10.2,
            basis_value: 0.0,
            derived: 2127.0,
            plan: Some(2050.0),
            plan_growth_pct: Some(plan_growth_by_ratio(2050.0, 2127.0, 10.2)),
        };
        // 1.102 · 2050 / 2127 − 1 = 6.21%.
        assert!(d.plan_falls_short());
        let en = d.shortfall_text(Lang::En).unwrap();
        assert!(
            en.contains(
                "Q3 plan of 2,050 bn VND implies +6.2% value added; the scenario assigns +10.2%"
            ),
            "{en}"
        );
        let vi = d.shortfall_text(Lang::Vi).unwrap();
        assert!(
            vi.contains("quý III 2.050") && vi.contains("+6,2%") && vi.contains("+10,2%"),
            "{vi}"
        );
        let met = DerivedTarget {
            plan: Some(2127.0),
            plan_growth_pct: Some(10.2),
            ..d
        };
        assert!(!met.plan_falls_short() && met.shortfall_text(Lang::En).is_none());
    }
}
