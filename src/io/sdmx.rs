//! GSO's National Summary Data Page feed: SDMX-ML 2.1 structure-specific data in the IMF
//! ECOFIN structure.
//!
//! Quarterly series (`FREQ="Q"`) are read by indicator code:
//! `NGDPVA_[R_]ISIC4_<section>_XDC` (value added by VSIC section; `VNM_` prefixed national
//! groups BTE, BTF, GTT), `NGDPTXS_[R_]XDC` (product taxes less subsidies) and
//! `NGDP_[R_]PA_XDC` / `NGDP_[R_]XDC` (GDP). `_R_` marks constant 2010 prices. Values are
//! scaled to billion VND by `UNIT_MULT`. Everything else (annual series, expenditure side,
//! the 1994 base) is skipped.

use std::path::Path;

use crate::error::Result;
use crate::levels::{LevelRecord, PriceBasis};
use crate::period::Quarter;

use super::{io_error, parse_error};

/// Reads the quarterly production-side series of an SDMX-ML file.
///
/// # Errors
/// [`crate::GrdpsimError::Io`] when unreadable; [`crate::GrdpsimError::Parse`] for malformed
/// XML, elements nested deeper than [`MAX_XML_DEPTH`], a `UNIT_MULT` outside -30..=30, periods
/// that are not quarters of [`crate::period::YEARS`], or values (with the line in the file).
pub fn read_sdmx(path: &Path) -> Result<Vec<LevelRecord>> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
    records_from_sdmx_str(&path.display().to_string(), &text)
}

/// The sector code and price basis an indicator code stands for, if it is one we read.
fn classify(indicator: &str) -> Option<(String, PriceBasis)> {
    let basis = |real: bool| {
        if real {
            PriceBasis::Constant
        } else {
            PriceBasis::Current
        }
    };
    let ind = indicator.strip_prefix("VNM_").unwrap_or(indicator);
    let ind = ind.strip_suffix("_XDC")?;
    if let Some(rest) = ind.strip_prefix("NGDPVA_") {
        let (real, rest) = match rest.strip_prefix("R_") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let section = rest.strip_prefix("ISIC4_")?;
        return (!section.is_empty() && !section.contains('_'))
            .then(|| (section.to_owned(), basis(real)));
    }
    match ind {
        "NGDPTXS" => Some(("TAX".into(), PriceBasis::Current)),
        "NGDPTXS_R" => Some(("TAX".into(), PriceBasis::Constant)),
        "NGDP" | "NGDP_PA" => Some(("GDP".into(), PriceBasis::Current)),
        "NGDP_R" | "NGDP_R_PA" => Some(("GDP".into(), PriceBasis::Constant)),
        _ => None,
    }
}

/// `2024-Q3` (SDMX) or `2024Q3`; the reason when it is not a quarter of [`crate::period::YEARS`].
fn parse_quarter(text: &str) -> std::result::Result<Quarter, String> {
    let not_a_quarter = || format!("TIME_PERIOD {text:?} is not a quarter");
    let (y, q) = text
        .split_once("-Q")
        .or_else(|| text.split_once('Q'))
        .ok_or_else(not_a_quarter)?;
    let (Ok(year), Ok(quarter)) = (y.parse(), q.parse()) else {
        return Err(not_a_quarter());
    };
    Quarter::new(year, quarter).map_err(|e| format!("TIME_PERIOD: {e}"))
}

/// Like [`read_sdmx`], from text.
///
/// # Errors
/// See [`read_sdmx`].
pub fn records_from_sdmx_str(source_name: &str, text: &str) -> Result<Vec<LevelRecord>> {
    check_depth(source_name, text)?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| parse_error(source_name, e.pos().row as usize, e.to_string()))?;
    let line = |n: roxmltree::Node| doc.text_pos_at(n.range().start).row as usize;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for series in doc.descendants().filter(|n| n.has_tag_name("Series")) {
        if series.attribute("FREQ") != Some("Q") {
            continue;
        }
        let Some((sector, basis)) = series.attribute("INDICATOR").and_then(classify) else {
            continue;
        };
        // Two series for one sector and basis (GDP is given both as NGDP and NGDP_PA in some
        // vintages): keep the first; Accounts rejects true duplicates row by row.
        if !seen.insert((sector.clone(), basis)) {
            continue;
        }
        let mult: i32 = match series.attribute("UNIT_MULT") {
            None => 9,
            // A power of ten: beyond ±30 it is a typo (and i32::MIN - 9 would overflow).
            Some(m) => m
                .parse()
                .ok()
                .filter(|m: &i32| (-30..=30).contains(m))
                .ok_or_else(|| {
                    parse_error(
                        source_name,
                        line(series),
                        format!("UNIT_MULT {m:?} is not an integer between -30 and 30"),
                    )
                })?,
        };
        let scale = 10f64.powi(mult - 9);
        for obs in series.children().filter(|n| n.has_tag_name("Obs")) {
            let period = obs.attribute("TIME_PERIOD").unwrap_or("");
            let quarter =
                parse_quarter(period).map_err(|m| parse_error(source_name, line(obs), m))?;
            let raw = obs.attribute("OBS_VALUE").unwrap_or("");
            if raw.is_empty() || raw == "NaN" {
                continue; // SDMX marks missing observations this way; Accounts reports the gap.
            }
            let value: f64 = raw.parse().map_err(|_| {
                parse_error(
                    source_name,
                    line(obs),
                    format!("OBS_VALUE {raw:?} is not a number"),
                )
            })?;
            out.push(LevelRecord {
                quarter,
                sector: sector.clone(),
                basis,
                value: value * scale,
            });
        }
    }
    if out.is_empty() {
        return Err(parse_error(
            source_name,
            1,
            "no quarterly GDP, value-added or product-tax series found",
        ));
    }
    Ok(out)
}

/// The deepest element nesting accepted. roxmltree's parser recurses once per level, so a file
/// nested tens of thousands deep would overflow the stack (a crash, not an error); SDMX-ML
/// nests five deep, a SOAP envelope adds two or three.
pub const MAX_XML_DEPTH: usize = 256;

/// [`crate::GrdpsimError::Parse`] when elements nest deeper than [`MAX_XML_DEPTH`].
///
/// A scan of the markup as roxmltree tokenizes it (comments, CDATA, processing instructions
/// and declarations skipped, quoted attribute values honoured): up to the first malformed token,
/// where roxmltree stops, it counts the same depth roxmltree would reach.
fn check_depth(source_name: &str, text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let skip_past = |from: usize, end: &str| {
        text[from..]
            .find(end)
            .map_or(bytes.len(), |k| from + k + end.len())
    };
    let mut depth = 0_usize;
    let mut i = 0;
    while let Some(k) = text[i..].find('<') {
        let at = i + k;
        let rest = &text[at..];
        i = if rest.starts_with("<!--") {
            skip_past(at + 4, "-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_past(at + 9, "]]>")
        } else if rest.starts_with("<?") {
            skip_past(at + 2, "?>")
        } else if rest.starts_with("<!") {
            skip_past(at + 2, ">")
        } else if rest.starts_with("</") {
            depth = depth.saturating_sub(1);
            skip_past(at + 2, ">")
        } else {
            let mut quote = None;
            let mut end = at + 1;
            while end < bytes.len() {
                match (quote, bytes[end]) {
                    (Some(q), b) if b == q => quote = None,
                    (None, b @ (b'"' | b'\'')) => quote = Some(b),
                    (None, b'>') => break,
                    _ => {}
                }
                end += 1;
            }
            if bytes[end - 1] != b'/' {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    let line = text[..at].bytes().filter(|&b| b == b'\n').count() + 1;
                    return Err(parse_error(
                        source_name,
                        line,
                        format!("elements nest deeper than {MAX_XML_DEPTH} levels"),
                    ));
                }
            }
            end + 1
        };
        if i >= bytes.len() {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_indicator_codes() {
        assert_eq!(
            classify("NGDPVA_R_ISIC4_A01_XDC"),
            Some(("A01".into(), PriceBasis::Constant))
        );
        assert_eq!(
            classify("VNM_NGDPVA_ISIC4_BTF_XDC"),
            Some(("BTF".into(), PriceBasis::Current))
        );
        assert_eq!(
            classify("NGDP_R_PA_XDC"),
            Some(("GDP".into(), PriceBasis::Constant))
        );
        assert_eq!(
            classify("NGDPTXS_XDC"),
            Some(("TAX".into(), PriceBasis::Current))
        );
        assert_eq!(classify("NGDPVA_R_ISIC3_A01_BY1994_XDC"), None);
        assert_eq!(classify("NFI_R_XDC"), None);
    }
}
