//! The disbursement bridge applied to a scenario: provisional construction figures, or a
//! what-if on the construction target (see [`crate::disbursement::Bridge`]).

use super::{Actual, Note, Scenario, Target};
use crate::disbursement::{Bridge, BridgeUse, QuarterDisbursement};
use crate::error::Result;
use crate::lang::Lang;

impl Scenario {
    /// This scenario with construction (`sector`, e.g. `XD`) following disbursement through
    /// `bridge`, in the quarters after the last one with actuals: as provisional actuals of the
    /// complete quarters ([`BridgeUse::Provisional`]) or as targets of every quarter with
    /// data ([`BridgeUse::WhatIf`]). Quarters with published actuals are never touched.
    ///
    /// # Errors
    /// An unknown sector, or what [`Scenario::with_actuals`] and [`Scenario::with_targets`]
    /// refuse.
    pub fn with_disbursement(
        &self,
        quarters: &[QuarterDisbursement],
        bridge: &Bridge,
        sector: &str,
        usage: BridgeUse,
    ) -> Result<Self> {
        self.tree().index(sector)?;
        let elapsed = self.elapsed_quarters();
        let chosen = quarters.iter().filter(|q| {
            usize::from(q.quarter) > elapsed && (q.complete || usage == BridgeUse::WhatIf)
        });
        let (a, b) = (bridge.intercept, bridge.elasticity);
        let note = Note::new(
            format!("{sector} from disbursement: ln(1+g) = {a:.4} + {b:.4} ln(1+g_disbursement)"),
            format!(
                "{sector} theo giải ngân vốn đầu tư công: ln(1+g) = {} + {} ln(1+g_giải ngân)",
                Lang::Vi.number(a, 4),
                Lang::Vi.number(b, 4)
            ),
        );
        let figures: Vec<(String, f64)> = chosen
            .map(|q| {
                (
                    format!("Q{}", q.quarter),
                    bridge.construction_growth_pct(q.growth_pct),
                )
            })
            .collect();
        if figures.is_empty() {
            return Ok(self.clone());
        }
        let changed = match usage {
            BridgeUse::Provisional => {
                let actuals: Vec<Actual> = figures
                    .into_iter()
                    .map(|(q, g)| Actual::growth(sector, q, g).as_provisional())
                    .collect();
                self.with_computed_actuals(&actuals)?
            }
            BridgeUse::WhatIf => {
                let targets: Vec<Target> = figures
                    .into_iter()
                    .map(|(q, g)| Target::new(sector, q, g))
                    .collect();
                self.with_computed_targets(&targets)?
            }
        };
        Ok(changed.with_note(note))
    }
}
