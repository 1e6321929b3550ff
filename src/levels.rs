//! Level figures: the price basis of a level and one level of the long format. Shared by the
//! readers (`io`) and the accounts built from them, so that neither imports the other's
//! internals.

use serde::{Deserialize, Serialize};

use crate::error::{GrdpsimError, Result};
use crate::period::Quarter;

/// The price basis of a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// Constant 2010 prices (giá so sánh 2010): additive volumes, the basis of growth.
    Constant,
    /// Current prices (giá hiện hành): the basis of structure.
    Current,
}

impl PriceBasis {
    /// The label of the national feed: `constant_2010` or `current`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Constant => "constant_2010",
            Self::Current => "current",
        }
    }

    /// Parses `constant_2010`, `constant`, `real`, `current`, `nominal`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for other text.
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "constant_2010" | "constant" | "constant_prices" | "real" | "ss2010" => {
                Ok(Self::Constant)
            }
            "current" | "current_prices" | "nominal" | "hh" => Ok(Self::Current),
            other => Err(GrdpsimError::invalid_argument(
                "price_basis",
                format!("{other:?} is neither constant_2010 nor current"),
            )),
        }
    }
}

/// One level of the long format `period,sector,price_basis,value`.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelRecord {
    pub quarter: Quarter,
    pub sector: String,
    pub basis: PriceBasis,
    pub value: f64,
}
