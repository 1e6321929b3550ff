//! The uncertainty file: the `[uncertainty]` section of a TOML file (a file of its own, or a
//! scenario file that carries one), read and written here so that the command line, Python and
//! Rust programs accept the same files and refuse them with the same errors.
//!
//! ```toml
//! [uncertainty]
//! shape = "two_piece"      # normal (default), student_t (with df, default 5), two_piece (skew, default 0)
//! skew = -0.3
//! ar = 0.4                 # correlation of consecutive quarters (default 0)
//! corr = "history"         # or a matrix in the order of [uncertainty.sd], or
//!                          # [uncertainty.corr] with sectors = [...] and matrix = [[...]]
//!
//! [uncertainty.sd]         # or sd = 1.5 for every leaf sector
//! NLTS = 2.0
//! CN = 3.0
//! ```
//!
//! A bootstrap keeps its history and cannot be written as such a file (its snapshot,
//! [`Uncertainty::to_snapshot`], can); a model calibrated on history is written as the normal
//! model it is, without the note of what it was calibrated on.

use std::path::Path;

use ndarray::Array2;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use toml::de::{DeTable, DeValue};
use toml::{Spanned, Table, Value};

use super::{Correlation, Sd, Shape, Uncertainty};
use crate::atomic::write_atomically;
use crate::error::{GrdpsimError, Result};

/// The section the model lives in.
const SECTION: &str = "uncertainty";

/// A reader of one file's section: its text for line numbers and key order, and its values.
struct Reader<'a> {
    source_name: &'a str,
    text: &'a str,
    /// The section as the parser saw it, with the span of every key.
    spans: Option<DeTable<'a>>,
    /// Where the section starts (its header), for errors about a key that is missing.
    section_at: usize,
}

impl Reader<'_> {
    /// The line (1-based) of byte `at` of the text.
    fn line(&self, at: usize) -> usize {
        crate::io::line_at(self.text, at)
    }

    /// The line of `key` of the section (or of a key of its sub-table `table`), else the
    /// section's own.
    fn line_of(&self, table: Option<&str>, key: &str) -> usize {
        let spans = self.spans.as_ref();
        let found = match table {
            None => spans
                .and_then(|t| t.get_key_value(key))
                .map(|(k, _)| k.span()),
            Some(sub) => spans
                .and_then(|t| t.get(sub))
                .and_then(|v| v.get_ref().as_table())
                .and_then(|t| t.get_key_value(key))
                .map(|(k, _)| k.span()),
        };
        self.line(found.map_or(self.section_at, |s| s.start))
    }

    /// An error at `key` (`sd` or `sd.NLTS`), naming it in full (`uncertainty.sd.NLTS`).
    fn error(&self, key: &str, message: impl std::fmt::Display) -> GrdpsimError {
        let (table, last) = match key.split_once('.') {
            Some((t, k)) => (Some(t), k),
            None => (None, key),
        };
        GrdpsimError::Parse {
            source_name: self.source_name.to_owned(),
            line: self.line_of(table, last),
            message: format!("{SECTION}.{key}: {message}"),
        }
    }

    /// A number (an integer is taken as the same number).
    fn number(&self, key: &str, v: &Value) -> Result<f64> {
        match v {
            Value::Float(f) => Ok(*f),
            #[allow(clippy::cast_precision_loss)]
            Value::Integer(i) => Ok(*i as f64),
            other => Err(self.error(
                key,
                format!("expected a number, got a {}", other.type_str()),
            )),
        }
    }

    fn optional_number(&self, section: &Table, key: &str, default: f64) -> Result<f64> {
        section
            .get(key)
            .map_or(Ok(default), |v| self.number(key, v))
    }

    /// The keys of the sub-table `sd` in the order the file gives them (the order of the rows
    /// and columns of a bare correlation matrix).
    fn sd_order(&self) -> Vec<String> {
        let mut keys: Vec<(usize, String)> = self
            .spans
            .as_ref()
            .and_then(|t| t.get("sd"))
            .and_then(|v| v.get_ref().as_table())
            .map(|t| {
                t.iter()
                    .map(|(k, _)| (k.span().start, k.get_ref().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        keys.sort_unstable();
        keys.into_iter().map(|(_, k)| k).collect()
    }

    fn sd(&self, v: &Value) -> Result<Sd> {
        match v {
            Value::Table(t) => {
                let items = self
                    .sd_order()
                    .into_iter()
                    .map(|sector| {
                        let value = t
                            .get(&sector)
                            .ok_or_else(|| self.error("sd", format!("no figure for {sector}")))?;
                        let sd = self.number(&format!("sd.{sector}"), value)?;
                        Ok((sector, sd))
                    })
                    .collect::<Result<Vec<_>>>()?;
                if items.is_empty() {
                    return Err(self.error("sd", "a table of sds names at least one sector"));
                }
                Ok(Sd::PerSector(items))
            }
            other => Ok(Sd::Scalar(self.number("sd", other)?)),
        }
    }

    fn matrix(&self, key: &str, v: &Value) -> Result<Array2<f64>> {
        let shape_error =
            || self.error(key, "expected a square matrix: an array of rows of numbers");
        let rows = v.as_array().ok_or_else(shape_error)?;
        let n = rows.len();
        let mut m = Array2::zeros((n, n));
        for (i, row) in rows.iter().enumerate() {
            let row = row
                .as_array()
                .filter(|r| r.len() == n)
                .ok_or_else(shape_error)?;
            for (j, x) in row.iter().enumerate() {
                m[[i, j]] = self.number(key, x)?;
            }
        }
        Ok(m)
    }

    fn corr(&self, v: Option<&Value>, sd: &Sd) -> Result<Correlation> {
        match v {
            None => Ok(Correlation::Independent),
            Some(Value::String(s)) if s == "history" => Ok(Correlation::History),
            Some(Value::String(s)) if s == "independent" => Ok(Correlation::Independent),
            Some(Value::String(s)) => Err(self.error(
                "corr",
                format!("{s:?}; give \"history\", \"independent\" or a matrix"),
            )),
            Some(Value::Table(t)) => {
                let sectors = t
                    .get("sectors")
                    .and_then(Value::as_array)
                    .and_then(|a| {
                        a.iter()
                            .map(|s| s.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| {
                        self.error("corr.sectors", "expected an array of sector codes")
                    })?;
                let matrix = t
                    .get("matrix")
                    .ok_or_else(|| self.error("corr.matrix", "missing"))?;
                Correlation::matrix(sectors, self.matrix("corr.matrix", matrix)?)
            }
            Some(m) => {
                let Sd::PerSector(items) = sd else {
                    return Err(self.error(
                        "corr",
                        "a bare matrix needs the sd by sector (its order names the rows), or \
                         [uncertainty.corr] with sectors and matrix",
                    ));
                };
                let sectors = items.iter().map(|(s, _)| s.clone()).collect();
                Correlation::matrix(sectors, self.matrix("corr", m)?)
            }
        }
    }
}

impl Uncertainty {
    /// Reads the model from the `[uncertainty]` section of TOML `text` (see the [module
    /// documentation](crate::uncertainty::file)); other sections are left alone. `source_name` names the
    /// text in errors.
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] naming the line and the key at fault (`uncertainty.sd.NLTS:
    /// expected a number, got a string`): text that is not TOML, no `[uncertainty]` section or
    /// no `sd`, a value of the wrong type, an unknown shape; the constructors' errors
    /// ([`GrdpsimError::InvalidUncertainty`] naming the sector) for figures they refuse.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::uncertainty::Uncertainty;
    /// let u = Uncertainty::from_toml_str(
    ///     "[uncertainty]\nshape = \"student_t\"\ndf = 6\nsd = 1.5\n",
    ///     "u.toml",
    /// )?;
    /// assert_eq!(u.describe(), "Student t (df 6), sd 1.50 pp on every leaf sector, independent sectors, ar 0.00");
    /// let e = Uncertainty::from_toml_str("[uncertainty]\nsd = \"big\"\n", "u.toml").unwrap_err();
    /// assert_eq!(e.to_string(), "u.toml, line 2: uncertainty.sd: expected a number, got a string");
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn from_toml_str(text: &str, source_name: &str) -> Result<Self> {
        let doc: Table =
            toml::from_str(text).map_err(|e| crate::io::toml_error(source_name, text, &e))?;
        let spans = DeTable::parse(text).ok().map(Spanned::into_inner);
        let header = spans
            .as_ref()
            .and_then(|t| t.get_key_value(SECTION))
            .map_or(0, |(k, _)| k.span().start);
        let reader = Reader {
            source_name,
            text,
            spans: spans.and_then(|mut t| match t.remove(SECTION).map(Spanned::into_inner) {
                Some(DeValue::Table(s)) => Some(s),
                _ => None,
            }),
            section_at: header,
        };
        let section = doc
            .get(SECTION)
            .and_then(Value::as_table)
            .filter(|s| s.contains_key("sd"))
            .ok_or_else(|| GrdpsimError::Parse {
                source_name: source_name.to_owned(),
                line: reader.line(header),
                message: "no [uncertainty] section with an sd".into(),
            })?;
        let sd = reader.sd(&section["sd"])?;
        let corr = reader.corr(section.get("corr"), &sd)?;
        let ar = reader.optional_number(section, "ar", 0.0)?;
        let shape = match section.get("shape") {
            None => "normal",
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(reader.error(
                    "shape",
                    format!("expected a string, got a {}", other.type_str()),
                ))
            }
        };
        match shape {
            "normal" => Self::normal(sd, corr, ar),
            "student_t" => {
                Self::student_t(sd, reader.optional_number(section, "df", 5.0)?, corr, ar)
            }
            "two_piece" => {
                Self::two_piece(sd, reader.optional_number(section, "skew", 0.0)?, corr, ar)
            }
            other => Err(reader.error(
                "shape",
                format!("unknown shape {other:?}; expected normal, student_t, two_piece"),
            )),
        }
    }

    /// Reads the model from the `[uncertainty]` section of the TOML file at `path`.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the file cannot be read; those of
    /// [`Uncertainty::from_toml_str`].
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|e| GrdpsimError::io(path.display(), e))?;
        Self::from_toml_str(&text, &path.display().to_string())
    }

    /// The model as an uncertainty file that [`Uncertainty::from_toml_str`] reads back to the
    /// same model.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a bootstrap, which only its snapshot can hold.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
    /// let sd = Sd::PerSector(vec![("NLTS".into(), 2.0), ("DV".into(), 1.5)]);
    /// let u = Uncertainty::two_piece(sd, -0.3, Correlation::History, 0.4)?;
    /// let text = u.to_toml_string()?;
    /// assert!(text.starts_with("[uncertainty]\nshape = \"two_piece\"\n"));
    /// assert_eq!(Uncertainty::from_toml_str(&text, "u.toml")?, u);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn to_toml_string(&self) -> Result<String> {
        let (shape, df, skew) =
            match self.shape() {
                Shape::Normal => ("normal", None, None),
                Shape::StudentT { df } => ("student_t", Some(*df), None),
                Shape::TwoPiece { skew } => ("two_piece", None, Some(*skew)),
                Shape::Bootstrap { .. } => return Err(GrdpsimError::invalid_argument(
                    "uncertainty",
                    "a bootstrap carries its history, which an uncertainty file does not hold; \
                     keep its snapshot (to_snapshot) instead",
                )),
            };
        let corr = match self.correlation() {
            Correlation::Independent => None,
            Correlation::History => Some(CorrOut::Named("history")),
            Correlation::Matrix { sectors, matrix } => Some(CorrOut::Table {
                sectors,
                matrix: matrix.rows().into_iter().map(|r| r.to_vec()).collect(),
            }),
        };
        let file = FileOut {
            uncertainty: SectionOut {
                shape,
                df,
                skew,
                ar: self.ar(),
                corr,
                sd: SdOut(self.sd()),
            },
        };
        toml::to_string(&file).map_err(|e| GrdpsimError::Parse {
            source_name: "uncertainty (TOML)".into(),
            line: 0,
            message: e.to_string(),
        })
    }

    /// Writes [`Uncertainty::to_toml_string`] to `path`, atomically.
    ///
    /// # Errors
    /// Those of [`Uncertainty::to_toml_string`]; [`GrdpsimError::Io`] if the file cannot be
    /// written.
    pub fn to_file(&self, path: impl AsRef<Path>) -> Result<()> {
        write_atomically(path.as_ref(), self.to_toml_string()?.as_bytes())
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    uncertainty: SectionOut<'a>,
}

/// The section's keys in the order a person reads them; the tables (`sd`, a named
/// correlation matrix) last, as TOML wants them.
#[derive(Serialize)]
struct SectionOut<'a> {
    shape: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    df: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skew: Option<f64>,
    ar: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    corr: Option<CorrOut<'a>>,
    sd: SdOut<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum CorrOut<'a> {
    Named(&'static str),
    Table {
        sectors: &'a [String],
        matrix: Vec<Vec<f64>>,
    },
}

/// One number, or a table of sectors in the model's order.
struct SdOut<'a>(&'a Sd);

impl Serialize for SdOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            Sd::Scalar(v) => s.serialize_f64(*v),
            Sd::PerSector(items) => {
                let mut map = s.serialize_map(Some(items.len()))?;
                for (sector, v) in items {
                    map.serialize_entry(sector, v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAO_BANG: &str = "[uncertainty]\nshape = \"two_piece\"\nskew = -0.3\nar = 0.4\n\
        [uncertainty.sd]\nNLTS = 2.0\nCN = 3.0\nXD = 6.0\nDV = 1.5\nTSP = 3\n";

    fn read(text: &str) -> Result<Uncertainty> {
        Uncertainty::from_toml_str(text, "u.toml")
    }

    #[test]
    // The figures are read, not computed: exactly those of the file.
    #[allow(clippy::float_cmp)]
    fn the_cli_file_of_the_tests_reads_as_before() {
        let u = read(CAO_BANG).unwrap();
        assert_eq!(u.shape(), &Shape::TwoPiece { skew: -0.3 });
        assert_eq!(u.ar(), 0.4);
        // In the file's order, not sorted: a bare matrix's rows follow it.
        let Sd::PerSector(items) = u.sd() else {
            panic!("{:?}", u.sd())
        };
        let names: Vec<&str> = items.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["NLTS", "CN", "XD", "DV", "TSP"]);
        assert_eq!(items[4].1, 3.0, "an integer is a number");
        assert!(u.describe().starts_with("two-piece normal (skew -0.3)"));
    }

    #[test]
    fn a_bare_matrix_takes_the_order_of_the_sds() {
        let text = "[uncertainty]\ncorr = [[1.0, 0.5], [0.5, 1.0]]\n\
                    [uncertainty.sd]\nXD = 2.0\nCN = 1.0\n";
        let u = read(text).unwrap();
        let Correlation::Matrix { sectors, .. } = u.correlation() else {
            panic!("{:?}", u.correlation())
        };
        assert_eq!(sectors, &["XD", "CN"]);
        let e = read("[uncertainty]\nsd = 1.0\ncorr = [[1.0]]\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("uncertainty.corr: a bare matrix needs"),
            "{e}"
        );
    }

    #[test]
    fn errors_name_the_key_and_its_line() {
        let cases = [
            (
                "shape = \"normal\"\n",
                "u.toml, line 1: no [uncertainty] section with an sd",
            ),
            (
                "[other]\nx = 1\n[uncertainty]\nshape = \"normal\"\n",
                "u.toml, line 3: no [uncertainty] section with an sd",
            ),
            (
                "[uncertainty]\nsd = 1.0\nshape = \"gamma\"\n",
                "u.toml, line 3: uncertainty.shape: unknown shape \"gamma\"; expected normal, \
                 student_t, two_piece",
            ),
            (
                "[uncertainty]\n[uncertainty.sd]\nNLTS = 1.0\nCN = \"two\"\n",
                "u.toml, line 4: uncertainty.sd.CN: expected a number, got a string",
            ),
            (
                "[uncertainty]\nsd = 1.0\nar = true\n",
                "u.toml, line 3: uncertainty.ar: expected a number, got a boolean",
            ),
            (
                "[uncertainty]\nsd = 1.0\ncorr = \"hist\"\n",
                "u.toml, line 3: uncertainty.corr: \"hist\"; give \"history\", \"independent\" \
                 or a matrix",
            ),
        ];
        for (text, expected) in cases {
            let e = read(text).unwrap_err();
            assert!(matches!(e, GrdpsimError::Parse { .. }), "{e:?}");
            assert_eq!(e.to_string(), expected);
        }
        // Not TOML at all: the parser's line.
        let e = read("[uncertainty]\nsd = = 1\n").unwrap_err();
        assert!(matches!(e, GrdpsimError::Parse { line: 2, .. }), "{e:?}");
        // Figures the model refuses: its own error, naming the sector.
        let e = read("[uncertainty]\n[uncertainty.sd]\nNLTS = -1.0\n").unwrap_err();
        assert!(
            matches!(&e, GrdpsimError::InvalidUncertainty { sector, .. } if sector == "NLTS"),
            "{e:?}"
        );
        let e = read("[uncertainty]\nshape = \"student_t\"\ndf = 2\nsd = 1\n").unwrap_err();
        assert!(
            matches!(e, GrdpsimError::InvalidUncertainty { .. }),
            "{e:?}"
        );
    }

    #[test]
    fn every_parametric_model_writes_and_reads_back() {
        let by_sector = Sd::PerSector(vec![("NLTS".into(), 2.0), ("DV".into(), 1.5)]);
        let matrix = Correlation::matrix(
            vec!["DV".into(), "NLTS".into()],
            ndarray::array![[1.0, -0.25], [-0.25, 1.0]],
        )
        .unwrap();
        let models = [
            Uncertainty::normal(Sd::Scalar(1.5), Correlation::Independent, 0.0).unwrap(),
            Uncertainty::student_t(by_sector.clone(), 7.5, Correlation::History, 0.3).unwrap(),
            Uncertainty::two_piece(by_sector, 0.2, matrix, -0.1).unwrap(),
        ];
        for u in models {
            let text = u.to_toml_string().unwrap();
            assert_eq!(read(&text).unwrap(), u, "{text}");
        }
    }

    #[test]
    fn a_bootstrap_is_not_written_as_a_file() {
        let dev = super::super::Deviations {
            sectors: vec!["A".into()],
            quarters: (1..=4)
                .map(|q| crate::period::Quarter::new(2020, q).unwrap())
                .collect(),
            values: Array2::zeros((4, 1)),
            method: super::super::NaiveForecast::SameQuarter,
        };
        let u = Uncertainty::bootstrap(dev, 2).unwrap();
        assert!(matches!(
            u.to_toml_string(),
            Err(GrdpsimError::InvalidArgument { .. })
        ));
    }
}
