//! How high-frequency values aggregate to a low-frequency value: the conversion matrix `C`.
//!
//! `C` is N × n: low-frequency period `i` covers the high-frequency periods
//! `offset + i·ratio .. offset + (i+1)·ratio`, weighted by the conversion (sum, mean, first or
//! last); high-frequency periods before `offset` (backcast) or after the last covered one
//! (extrapolation, the nowcast) have zero columns. `C` is never formed: it is applied block by
//! block.

use std::fmt;
use std::str::FromStr;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::error::GrdpsimError;

/// How the low-frequency value relates to the high-frequency values it covers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Conversion {
    /// Flows: the annual value is the sum of the quarters (tempdisagg's default).
    #[default]
    Sum,
    /// Indices and rates: the annual value is the mean of the quarters (tempdisagg: "average").
    Mean,
    /// Stocks at the start of the period.
    First,
    /// Stocks at the end of the period.
    Last,
}

impl Conversion {
    /// The names accepted by [`Conversion::from_str`].
    pub const NAMES: &'static str = "sum, mean (or average), first, last";

    /// The weights of one low-frequency period on its `ratio` high-frequency periods (one row
    /// block of tempdisagg's conversion matrix `C`).
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disaggregation::Conversion;
    /// assert_eq!(Conversion::Mean.weights(4), vec![0.25; 4]);
    /// assert_eq!(Conversion::Last.weights(3), vec![0.0, 0.0, 1.0]);
    /// ```
    pub fn weights(self, ratio: usize) -> Vec<f64> {
        let mut w = vec![0.0; ratio];
        match self {
            Self::Sum => w.fill(1.0),
            Self::Mean => w.fill(1.0 / ratio as f64),
            Self::First => w[0] = 1.0,
            Self::Last => w[ratio - 1] = 1.0,
        }
        w
    }
}

impl fmt::Display for Conversion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sum => "sum",
            Self::Mean => "mean",
            Self::First => "first",
            Self::Last => "last",
        })
    }
}

impl FromStr for Conversion {
    type Err = GrdpsimError;

    /// # Errors
    /// [`GrdpsimError::UnknownOption`] for any other name.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disaggregation::Conversion;
    /// assert_eq!("average".parse::<Conversion>()?, Conversion::Mean);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sum" => Ok(Self::Sum),
            "mean" | "average" => Ok(Self::Mean),
            "first" => Ok(Self::First),
            "last" => Ok(Self::Last),
            _ => Err(GrdpsimError::UnknownOption {
                option: "conversion".into(),
                value: s.to_owned(),
                expected: Self::NAMES.into(),
            }),
        }
    }
}

/// The conversion matrix `C` (N × n) in implicit form.
#[derive(Debug, Clone)]
pub(crate) struct Aggregation {
    pub(crate) n_low: usize,
    pub(crate) n_high: usize,
    pub(crate) ratio: usize,
    pub(crate) offset: usize,
    pub(crate) weights: Vec<f64>,
}

impl Aggregation {
    pub(crate) fn new(
        n_low: usize,
        n_high: usize,
        ratio: usize,
        offset: usize,
        conversion: Conversion,
    ) -> Self {
        Self {
            n_low,
            n_high,
            ratio,
            offset,
            weights: conversion.weights(ratio),
        }
    }

    /// First high-frequency index of low-frequency period `i`.
    pub(crate) fn start(&self, i: usize) -> usize {
        self.offset + i * self.ratio
    }

    /// `C x`.
    pub(crate) fn apply(&self, x: ArrayView1<f64>) -> Array1<f64> {
        Array1::from_shape_fn(self.n_low, |i| {
            let s = self.start(i);
            self.weights
                .iter()
                .enumerate()
                .map(|(j, w)| w * x[s + j])
                .sum()
        })
    }

    /// `C X`, column by column.
    pub(crate) fn apply_matrix(&self, x: ArrayView2<f64>) -> Array2<f64> {
        let mut out = Array2::zeros((self.n_low, x.ncols()));
        for (c, col) in x.columns().into_iter().enumerate() {
            out.column_mut(c).assign(&self.apply(col));
        }
        out
    }

    /// Row `i` of `C` as a dense high-frequency vector, optionally scaled elementwise.
    #[cfg(test)]
    pub(crate) fn row(&self, i: usize, scale: Option<&[f64]>) -> Vec<f64> {
        let mut out = vec![0.0; self.n_high];
        let s = self.start(i);
        for (j, w) in self.weights.iter().enumerate() {
            out[s + j] = w * scale.map_or(1.0, |sc| sc[s + j]);
        }
        out
    }

    /// One past the last high-frequency index that row `i` touches.
    pub(crate) fn row_end(&self, i: usize) -> usize {
        self.start(i) + self.ratio
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn conversions_weight_the_block() {
        let agg = Aggregation::new(2, 9, 3, 1, Conversion::Mean);
        let x = array![100.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 100.0, 100.0];
        assert_eq!(agg.apply(x.view()), array![2.0, 5.0]);
        let last = Aggregation::new(2, 9, 3, 1, Conversion::Last);
        assert_eq!(last.apply(x.view()), array![3.0, 6.0]);
        let first = Aggregation::new(2, 9, 3, 1, Conversion::First);
        assert_eq!(first.apply(x.view()), array![1.0, 4.0]);
        let sum = Aggregation::new(2, 9, 3, 1, Conversion::Sum);
        assert_eq!(
            sum.row(1, None),
            [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0]
        );
        assert!("median".parse::<Conversion>().is_err());
    }
}
