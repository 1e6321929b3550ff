//! Every error in the reader's language: the Vietnamese rendering of each [`GrdpsimError`]
//! variant and of an import's [`RowProblem`], beside the English one (the variant's `Display`,
//! unchanged), from this one module.
//!
//! The Vietnamese text names the same sector, period, cell, row, project and value as the
//! English, figures written the Vietnamese way ([`Lang::number`]: `1250,5`). The match below
//! has an arm per variant and no wildcard: a variant added without its Vietnamese text does
//! not compile.
//!
//! Some fields are free text that the code wrote in English (an import row's `reason`, an
//! argument's `message`): [`phrase`] reads them against a catalog of the phrases the library
//! writes ([`PHRASES`], in `error_text/phrases.rs`, with holes for the values they carry) and
//! writes them in Vietnamese; a phrase the catalog does not know stays as it was written. The
//! test `tests/error_phrases.rs` reads the library's sources for every literal written into
//! such a field and holds that the catalog reads each with no English word left.
//!
//! ```
//! use grdpsim::{lang::Lang, GrdpsimError};
//! let e = GrdpsimError::ZeroBase { sector: "CN".into(), period: "2024Q1".into() };
//! assert_eq!(e.message(Lang::En), e.to_string());
//! assert_eq!(
//!     e.message(Lang::Vi),
//!     "mức kỳ gốc bằng 0 của ngành CN trong kỳ 2024Q1: không tính được tăng trưởng"
//! );
//! ```

use crate::error::{GrdpsimError, RowProblem};
use crate::lang::Lang;

mod phrases;
pub use phrases::PHRASES;

/// Words of an English sentence; none may stay in a Vietnamese text once the values it
/// quotes are taken out.
const ENGLISH: &[&str] = &[
    "the", "is", "are", "not", "of", "and", "or", "for", "to", "in", "on", "a", "an", "must", "no",
    "be", "by", "with", "at", "from", "nothing", "required", "row", "column", "sheet", "week",
    "number", "outside", "unknown", "missing", "invalid", "needs", "import", "rejected", "written",
    "bad", "sector", "period", "level", "target", "ending", "database", "cell", "more", "only",
    "this", "its", "has", "than", "all", "have", "any", "cannot", "does", "was", "were", "will",
    "which", "that", "there", "give", "use", "it", "but", "after", "before", "into", "over",
    "each", "every", "some", "per", "four", "got", "expected", "found", "given", "need", "least",
    "most", "also", "both", "either", "neither", "nor", "such", "if", "when", "where", "already",
    "quarter", "file", "files", "month", "task", "store", "growth", "rate", "shape", "figure",
    "figures", "history", "leaf",
];

/// The English words left in `text` once the values it quotes (`"..."`) are taken out: none
/// may stay in a Vietnamese text (the check of every phrase and error in the tests).
///
/// ```
/// use grdpsim::error_text::english_words;
/// assert_eq!(english_words("dòng 7 (\"not a number\"): is bad"), ["is", "bad"]);
/// assert!(english_words("không phải là số").is_empty());
/// ```
#[must_use]
pub fn english_words(text: &str) -> Vec<String> {
    let mut unquoted = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            unquoted.push(c);
        }
    }
    unquoted
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
        .map(str::to_owned)
        .collect()
}

/// `text`, a phrase the library wrote in English, in `lang`: from [`PHRASES`] in Vietnamese
/// (its holes read in turn), as it was where the catalog does not know it.
///
/// ```
/// use grdpsim::{error_text::phrase, lang::Lang};
/// assert_eq!(phrase(Lang::Vi, "date outside the plan year 2025"), "ngày nằm ngoài năm kế hoạch 2025");
/// assert_eq!(phrase(Lang::En, "negative amount"), "negative amount");
/// assert_eq!(phrase(Lang::Vi, "no such phrase"), "no such phrase");
/// ```
#[must_use]
pub fn phrase(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_owned(),
        Lang::Vi => vietnamese_phrase(text).unwrap_or_else(|| text.to_owned()),
    }
}

/// Texts longer than this are not read place by place, and holes longer than this are values,
/// not phrases: the catalog's sentences are far shorter, and a value quoted whole (a long list,
/// a mapping's repr from Python) would otherwise be searched at each of its `: `.
const LONGEST_READ: usize = 1000;

/// The Vietnamese of `text` from the catalog, or None. A text the catalog does not know as a
/// whole that is a place before a phrase it knows (`uncertainty.corr.matrix: missing`, a
/// table's caption before its problem) keeps the place and reads the phrase.
fn vietnamese_phrase(text: &str) -> Option<String> {
    whole_phrase(text).or_else(|| {
        if text.len() > LONGEST_READ {
            return None;
        }
        // The places' ends in turn, the rest read as a whole: the first rest the catalog knows
        // (after `a: b: ` for a place of two parts). The rest is not read place by place
        // again, which took time exponential in the `: ` of a text the catalog does not know.
        text.match_indices(": ").find_map(|(at, sep)| {
            let rest = whole_phrase(&text[at + sep.len()..])?;
            Some(format!("{}: {rest}", &text[..at]))
        })
    })
}

/// The Vietnamese of `text` from the first entry of the catalog it matches as a whole, its
/// holes read in turn.
fn whole_phrase(text: &str) -> Option<String> {
    PHRASES.iter().find_map(|(en, vi)| {
        let holes = holes(en, text)?;
        let mut out = (*vi).to_owned();
        for (i, hole) in holes.iter().enumerate() {
            out = out.replace(&format!("{{{i}}}"), &hole_text(hole));
        }
        Some(out)
    })
}

/// What fills a hole: a phrase of its own, a figure in Vietnamese notation, or the text as is
/// (a code, a date, a quoted value).
fn hole_text(hole: &str) -> String {
    if hole.len() <= LONGEST_READ {
        if let Some(vi) = vietnamese_phrase(hole) {
            return vi;
        }
    }
    match hole.parse::<f64>() {
        Ok(x) if x.is_finite() && hole.contains('.') => Lang::Vi.shortest(x),
        _ => hole.to_owned(),
    }
}

/// The texts in the holes of `pattern` if `text` is the pattern with its holes filled (each
/// hole at least one character, the shortest that lets the rest match).
fn holes<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let parts: Vec<&str> = pattern.split("{}").collect();
    let (first, rest) = parts.split_first()?;
    let mut at = text.strip_prefix(first)?;
    let mut out = Vec::new();
    for (i, lit) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let end = if last {
            // The last literal closes the text.
            at.strip_suffix(lit).map(str::len).filter(|&e| e > 0)?
        } else {
            let from = at.char_indices().nth(1).map_or(at.len(), |(i, _)| i);
            from + at.get(from..)?.find(lit)?
        };
        out.push(&at[..end]);
        at = &at[end + lit.len()..];
    }
    // A pattern without holes is the whole text, not its start.
    (out.len() + 1 == parts.len() && (!rest.is_empty() || at.is_empty())).then_some(out)
}

/// A figure in the reader's notation (`1250,5` in Vietnamese).
fn fig(lang: Lang, x: f64) -> String {
    lang.shortest(x)
}

impl RowProblem {
    /// Why the row is refused, in `lang` (the `reason` as the import wrote it, in English, read
    /// through [`phrase`]).
    #[must_use]
    pub fn reason_in(&self, lang: Lang) -> String {
        phrase(lang, &self.reason)
    }

    /// The problem as one line in `lang`: in English its `Display`
    /// (`sheet payments row 7 column amount ("abc"): not a number`), in Vietnamese
    /// `trang tính payments dòng 7 cột amount ("abc"): không phải là số`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Vi => {
                let sheet = self
                    .sheet
                    .as_ref()
                    .map(|s| format!("trang tính {s} "))
                    .unwrap_or_default();
                format!(
                    "{sheet}dòng {} cột {} ({:?}): {}",
                    self.row,
                    self.column,
                    self.value,
                    self.reason_in(lang)
                )
            }
        }
    }
}

impl GrdpsimError {
    /// The error in `lang`: in English its `Display` text, in Vietnamese the same fields
    /// (sector, period, cell, row, project, value) in a Vietnamese sentence, figures in the
    /// Vietnamese notation.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::{lang::Lang, GrdpsimError};
    /// let e = GrdpsimError::PeriodOutsideYear { period: "2024Q3".into(), year: 2025 };
    /// assert_eq!(e.message(Lang::En), "period 2024Q3 is outside the scenario year 2025");
    /// assert_eq!(e.message(Lang::Vi), "kỳ 2024Q3 nằm ngoài năm của kịch bản 2025");
    /// ```
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Vi => self.vietnamese(),
        }
    }

    /// The Vietnamese text: one arm per variant, no wildcard.
    #[allow(clippy::too_many_lines)] // one arm a variant: the catalog itself
    fn vietnamese(&self) -> String {
        let vi = Lang::Vi;
        let p = |t: &str| phrase(vi, t);
        match self {
            Self::InvalidLevel {
                sector,
                period,
                value,
                reason,
            } => format!(
                "mức không hợp lệ của ngành {sector} trong kỳ {period}: {} ({})",
                fig(vi, *value),
                p(reason)
            ),
            Self::MissingQuarter {
                sector,
                period,
                basis,
            } => format!("thiếu mức theo giá {basis} của ngành {sector} trong kỳ {period}"),
            Self::UnknownSector { code, hint } => {
                format!("không có ngành mã {code:?}{}", p(hint))
            }
            Self::DuplicateRow {
                sector,
                period,
                basis,
                first,
                second,
            } => format!(
                "dòng trùng của ngành {sector} trong kỳ {period} ({basis}): {} và {}",
                fig(vi, *first),
                fig(vi, *second)
            ),
            Self::InconsistentAggregate {
                sector,
                period,
                basis,
                stated,
                sum,
                rel,
            } => format!(
                "ngành tổng hợp {sector} trong kỳ {period} ({basis}) là {} nhưng các ngành con \
                 cộng lại được {} (chênh lệch tương đối {rel:.3e})",
                fig(vi, *stated),
                fig(vi, *sum)
            ),
            Self::PeriodNotCovered {
                period,
                first,
                last,
            } => format!(
                "số liệu không có kỳ {}: số liệu từ {first} đến {last}",
                p(period)
            ),
            Self::ZeroBase { sector, period } => format!(
                "mức kỳ gốc bằng 0 của ngành {sector} trong kỳ {period}: không tính được tăng \
                 trưởng"
            ),
            Self::InvalidPeriod { text, reason } => {
                format!("kỳ không hợp lệ {text:?}: {}", p(reason))
            }
            Self::NoCurrentPrices { what } => format!(
                "số liệu không có mức theo giá hiện hành: {} cần đến",
                p(what)
            ),
            Self::InvalidTree(why) => format!("cây ngành không hợp lệ: {}", p(why)),
            Self::Parse {
                source_name,
                line,
                message,
            } => format!("{source_name}, dòng {line}: {}", p(message)),
            Self::Io { path, message, .. } => format!("{path}: {}", p(message)),
            Self::InvalidArgument { name, message } => {
                format!("tham số {name} không hợp lệ: {}", p(message))
            }
            Self::LengthMismatch { what, message } => format!("{what}: {}", p(message)),
            Self::NonFiniteInput {
                series,
                index,
                value,
            } => format!(
                "chuỗi {series} có giá trị không hữu hạn ở vị trí {index}: {}",
                fig(vi, *value)
            ),
            Self::CollinearIndicators { column, message } => format!(
                "cột chỉ báo {column} cộng tuyến với các cột trước nó ({})",
                p(message)
            ),
            Self::InvalidRatio { ratio } => format!(
                "tỷ lệ tần suất {ratio} không hợp lệ: mỗi kỳ tần suất thấp phải có ít nhất 2 kỳ \
                 tần suất cao"
            ),
            Self::UnknownOption {
                option,
                value,
                expected,
            } => format!("{option} {value:?} không có; các lựa chọn: {expected}"),
            Self::RhoOutOfRange { name, value } => format!(
                "{name} phải nằm trong khoảng (-1, 1), nhận được {}",
                fig(vi, *value)
            ),
            Self::Disaggregation { what, message } => format!(
                "chia nhỏ số liệu theo thời gian ({}): {}",
                p(what),
                p(message)
            ),
            Self::InvalidTarget {
                sector,
                period,
                value,
                reason,
            } => format!(
                "mục tiêu không hợp lệ của ngành {sector} trong kỳ {period}: {}% ({})",
                fig(vi, *value),
                p(reason)
            ),
            Self::PeriodOutsideYear { period, year } => {
                format!("kỳ {period} nằm ngoài năm của kịch bản {year}")
            }
            Self::MissingTarget {
                sector,
                period,
                rule,
            } => format!(
                "không có mục tiêu cho ngành {sector} trong kỳ {period}: hãy đặt mục tiêu cho \
                 ngành này hoặc một ngành cấp trên (quy tắc: {rule})"
            ),
            Self::ContradictoryActuals {
                sector,
                period,
                stated_pct,
                derived_pct,
                tolerance_pp,
            } => format!(
                "số thực hiện mâu thuẫn của ngành {sector} trong kỳ {period}: ghi {}% nhưng các \
                 số liệu khác cho {}% (sai số cho phép {} điểm %)",
                vi.number(*stated_pct, 4),
                vi.number(*derived_pct, 4),
                fig(vi, *tolerance_pp)
            ),
            Self::MissingActuals {
                sector,
                period,
                needed_for,
            } => format!(
                "không có số thực hiện của ngành {sector} trong kỳ {period}: cần cho {}",
                p(needed_for)
            ),
            Self::NothingFree { reason } => {
                format!("không còn ngành nào được điều chỉnh: {}", p(reason))
            }
            Self::CapBelowPlan {
                sector,
                period,
                cap_pct,
                planned_pct,
            } => format!(
                "mức trần {}% của ngành {sector} trong kỳ {period} thấp hơn tăng trưởng kế hoạch \
                 {}%",
                fig(vi, *cap_pct),
                vi.number(*planned_pct, 4)
            ),
            Self::LooksLikeFraction {
                sector,
                period,
                value,
            } => format!(
                "số tăng trưởng có vẻ là phân số: ngành {sector}, {period}: {} sẽ được hiểu là \
                 {}%; hãy ghi phần trăm ({} thay cho {}), hoặc dùng fractions_ok để giữ nguyên",
                fig(vi, *value),
                fig(vi, *value),
                fig(vi, value * 100.0),
                fig(vi, *value)
            ),
            Self::ScenarioMismatch { what } => {
                format!("các kịch bản khác nhau về {}: không so sánh được", p(what))
            }
            Self::InvalidUncertainty {
                sector,
                other,
                value,
                reason,
            } => format!(
                "độ bất định không hợp lệ của {}{}: {} ({})",
                p(sector),
                other
                    .as_ref()
                    .map(|o| format!(" và {}", p(o)))
                    .unwrap_or_default(),
                fig(vi, *value),
                p(reason)
            ),
            Self::ImportRejected {
                source_name,
                problems,
            } => format!(
                "{source_name}: tệp bị từ chối, không ghi gì; {} dòng lỗi: {}",
                problems.len(),
                RowProblem::summary_with(
                    problems,
                    |r| r.message(vi),
                    |n| format!("... và {n} dòng khác")
                )
            ),
            Self::Database { path, message, .. } => {
                format!("cơ sở dữ liệu {path}: {}", p(message))
            }
            Self::WorkbookCell {
                path,
                sheet,
                cell,
                value,
                message,
            } => format!("{path}: ô {sheet}!{cell} ({value:?}): {}", p(message)),
            Self::Workbook {
                path,
                part,
                message,
            } => format!("{path}, {part}: {}", p(message)),
            Self::NotAStore { path, reason } => format!(
                "{path} không phải là kho dữ liệu của grdpsim: {}",
                p(reason)
            ),
            Self::InvalidDate {
                argument,
                value,
                reason,
            } => format!("{argument} {value:?} không hợp lệ: {}", p(reason)),
            Self::InvalidOwner {
                sector,
                period,
                value,
                reason,
            } => format!(
                "cơ quan chủ trì của ngành {sector} kỳ {period}: {value:?} {}",
                p(reason)
            ),
            Self::NoSuchEntry {
                project,
                week_ending,
                payment_source,
            } => format!(
                "không có số liệu nguồn {payment_source} của dự án {project} trong tuần kết thúc \
                 ngày {week_ending}: không có gì để rút"
            ),
            Self::NoDifference {
                project,
                week_ending,
            } => format!(
                "dự án {project} không có chênh lệch giữa báo cáo của chủ đầu tư và số thanh toán \
                 của Kho bạc trong tuần kết thúc ngày {week_ending}: không có gì để quyết định"
            ),
            Self::TotalsDisagree {
                path,
                project,
                week_ending,
                payment_source,
                stored,
                recomputed,
            } => format!(
                "{path}: lũy kế giải ngân nguồn {payment_source} của dự án {project} đến tuần kết \
                 thúc ngày {week_ending} là {}, cộng các khoản giải ngân được {}",
                fig(vi, *stored),
                fig(vi, *recomputed)
            ),
            Self::AboveCeiling {
                what,
                value,
                ceiling,
                estimate,
            } => format!(
                "{what}: {} vượt mức trần {} ({estimate})",
                vi.grouped(*value as f64, 0),
                vi.grouped(*ceiling as f64, 0)
            ),
            Self::Interrupted { what, done, total } => format!(
                "đã dừng: {} dừng sau {done} trên {total} phần; không trả về kết quả nào",
                p(what)
            ),
            Self::MissingProgram { program, hint } => {
                format!("không tìm thấy chương trình {program}: {}", p(hint))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::error::DbErrorCode;

    fn row(sheet: Option<&str>, row: usize, column: &str, value: &str, reason: &str) -> RowProblem {
        RowProblem {
            sheet: sheet.map(str::to_owned),
            row,
            column: column.into(),
            value: value.into(),
            reason: reason.into(),
        }
    }

    /// One error of each variant, with the fields (`CN`, `2025Q3`, `P7`, row 7, `D7`, the
    /// figure 1250.5) its Vietnamese text must name; the free-text fields hold phrases the
    /// library writes.
    #[allow(clippy::too_many_lines)]
    fn every_variant() -> Vec<(GrdpsimError, Vec<&'static str>)> {
        let s = |x: &str| x.to_owned();
        vec![
            (
                GrdpsimError::InvalidLevel {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    value: 1250.5,
                    reason: "negative amount",
                },
                vec!["CN", "2025Q3", "1250,5", "số tiền âm"],
            ),
            (
                GrdpsimError::MissingQuarter {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    basis: s("2010"),
                },
                vec!["CN", "2025Q3", "2010"],
            ),
            (
                GrdpsimError::UnknownSector {
                    code: s("XYZ"),
                    hint: String::new(),
                },
                vec!["\"XYZ\""],
            ),
            (
                GrdpsimError::DuplicateRow {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    basis: s("2010"),
                    first: 1250.5,
                    second: 7.25,
                },
                vec!["CN", "2025Q3", "1250,5", "7,25"],
            ),
            (
                GrdpsimError::InconsistentAggregate {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    basis: s("2010"),
                    stated: 1250.5,
                    sum: 1200.25,
                    rel: 0.04,
                },
                vec!["CN", "2025Q3", "1250,5", "1200,25", "4.000e-2"],
            ),
            (
                GrdpsimError::PeriodNotCovered {
                    period: s("2025Q3"),
                    first: s("2020Q1"),
                    last: s("2024Q4"),
                },
                vec!["2025Q3", "2020Q1", "2024Q4"],
            ),
            (
                GrdpsimError::ZeroBase {
                    sector: s("CN"),
                    period: s("2025Q3"),
                },
                vec!["CN", "2025Q3"],
            ),
            (
                GrdpsimError::InvalidPeriod {
                    text: s("2025Q5"),
                    reason: s("not a period: year, H2, Q3 or Q4"),
                },
                vec!["\"2025Q5\"", "không phải kỳ"],
            ),
            (
                GrdpsimError::NoCurrentPrices {
                    what: s("required"),
                },
                vec!["giá hiện hành", "không được để trống"],
            ),
            (
                GrdpsimError::InvalidTree(s("required")),
                vec!["cây ngành", "không được để trống"],
            ),
            (
                GrdpsimError::Parse {
                    source_name: s("kho.csv"),
                    line: 7,
                    message: s("not UTF-8 text"),
                },
                vec!["kho.csv", "dòng 7", "không phải văn bản UTF-8"],
            ),
            (
                GrdpsimError::io_message("kho.xlsx", "not a number"),
                vec!["kho.xlsx", "không phải là số"],
            ),
            (
                GrdpsimError::InvalidArgument {
                    name: s("amount"),
                    message: s("the national target of 2025 must be a positive amount, not -5.5"),
                },
                vec!["amount", "2025", "-5,5", "mục tiêu quốc gia"],
            ),
            (
                GrdpsimError::LengthMismatch {
                    what: s("y_X"),
                    message: s("required"),
                },
                vec!["y_X", "không được để trống"],
            ),
            (
                GrdpsimError::NonFiniteInput {
                    series: s("y"),
                    index: 7,
                    value: f64::INFINITY,
                },
                vec!["chuỗi y", "vị trí 7", "–"],
            ),
            (
                GrdpsimError::CollinearIndicators {
                    column: 7,
                    message: s("required"),
                },
                vec!["cột chỉ báo 7"],
            ),
            (
                GrdpsimError::InvalidRatio { ratio: 1 },
                vec!["tỷ lệ tần suất 1"],
            ),
            (
                GrdpsimError::UnknownOption {
                    option: s("method"),
                    value: s("xyz"),
                    expected: s("chow_lin, denton"),
                },
                vec!["method", "\"xyz\"", "chow_lin, denton"],
            ),
            (
                GrdpsimError::RhoOutOfRange {
                    name: s("rho"),
                    value: 1.5,
                },
                vec!["rho", "1,5"],
            ),
            (
                GrdpsimError::Disaggregation {
                    what: s("chow_lin"),
                    message: s("required"),
                },
                vec!["chow_lin", "không được để trống"],
            ),
            (
                GrdpsimError::InvalidTarget {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    value: -100.5,
                    reason: s("not a finite number"),
                },
                vec!["CN", "2025Q3", "-100,5%", "không phải là số hữu hạn"],
            ),
            (
                GrdpsimError::PeriodOutsideYear {
                    period: s("2024Q3"),
                    year: 2025,
                },
                vec!["2024Q3", "2025"],
            ),
            (
                GrdpsimError::MissingTarget {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    rule: s("inherit"),
                },
                vec!["CN", "2025Q3", "inherit"],
            ),
            (
                GrdpsimError::ContradictoryActuals {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    stated_pct: 7.25,
                    derived_pct: 6.5,
                    tolerance_pp: 0.05,
                },
                vec!["CN", "2025Q3", "7,2500%", "6,5000%", "0,05"],
            ),
            (
                GrdpsimError::MissingActuals {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    needed_for: s("required"),
                },
                vec!["CN", "2025Q3"],
            ),
            (
                GrdpsimError::NothingFree {
                    reason: s("required"),
                },
                vec!["điều chỉnh"],
            ),
            (
                GrdpsimError::CapBelowPlan {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    cap_pct: 8.5,
                    planned_pct: 9.25,
                },
                vec!["CN", "2025Q3", "8,5%", "9,2500%"],
            ),
            (
                GrdpsimError::LooksLikeFraction {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    value: 0.5,
                },
                // 0.5 would be 0.5%; 0.5 * 100 = 50 is the percentage meant.
                vec!["CN", "2025Q3", "0,5%", "(50 thay cho 0,5)", "fractions_ok"],
            ),
            (
                GrdpsimError::ScenarioMismatch {
                    what: s("required"),
                },
                vec!["không so sánh được"],
            ),
            (
                GrdpsimError::InvalidUncertainty {
                    sector: s("CN"),
                    other: Some(s("DV")),
                    value: -0.5,
                    reason: s("not a finite number"),
                },
                vec!["CN và DV", "-0,5"],
            ),
            (
                GrdpsimError::ImportRejected {
                    source_name: s("tuan.xlsx"),
                    problems: vec![
                        row(Some("payments"), 7, "amount", "abc", "not a number"),
                        row(
                            None,
                            8,
                            "project",
                            "P7",
                            "unknown project (import it in a projects file first)",
                        ),
                    ],
                },
                vec![
                    "tuan.xlsx",
                    "2 dòng lỗi",
                    "trang tính payments dòng 7 cột amount (\"abc\"): không phải là số",
                    "dòng 8 cột project (\"P7\"): không có dự án mã này",
                ],
            ),
            (
                GrdpsimError::Database {
                    path: s("kho.db"),
                    message: s("required"),
                    code: DbErrorCode::Busy,
                },
                vec!["kho.db"],
            ),
            (
                GrdpsimError::WorkbookCell {
                    path: s("kb.xlsx"),
                    sheet: s("Targets"),
                    cell: s("D7"),
                    value: s("abc"),
                    message: s("not a number"),
                },
                vec!["kb.xlsx", "Targets!D7", "\"abc\"", "không phải là số"],
            ),
            (
                GrdpsimError::Workbook {
                    path: s("kb.xlsx"),
                    part: s("xl/sharedStrings.xml"),
                    message: s("required"),
                },
                vec!["kb.xlsx", "xl/sharedStrings.xml"],
            ),
            (
                GrdpsimError::NotAStore {
                    path: s("kho.db"),
                    reason: s("required"),
                },
                vec!["kho.db", "kho dữ liệu"],
            ),
            (
                GrdpsimError::InvalidDate {
                    argument: s("as_of"),
                    value: s("31/07/2025"),
                    reason: s("not a calendar date YYYY-MM-DD"),
                },
                vec!["as_of", "\"31/07/2025\"", "YYYY-MM-DD"],
            ),
            (
                GrdpsimError::InvalidOwner {
                    sector: s("CN"),
                    period: s("2025Q3"),
                    value: s("Sở Công Thương"),
                    reason: s("a date is required"),
                },
                vec!["CN", "2025Q3", "\"Sở Công Thương\"", "cần nhập ngày"],
            ),
            (
                GrdpsimError::NoSuchEntry {
                    project: s("P7"),
                    week_ending: s("2025-07-04"),
                    payment_source: s("investor"),
                },
                vec!["P7", "2025-07-04", "investor"],
            ),
            (
                GrdpsimError::NoDifference {
                    project: s("P7"),
                    week_ending: s("2025-07-04"),
                },
                vec!["P7", "2025-07-04", "Kho bạc"],
            ),
            (
                GrdpsimError::TotalsDisagree {
                    path: s("kho.db"),
                    project: s("P7"),
                    week_ending: s("2025-07-04"),
                    payment_source: s("treasury"),
                    stored: 1250.5,
                    recomputed: 1200.25,
                },
                vec![
                    "kho.db",
                    "P7",
                    "2025-07-04",
                    "treasury",
                    "1250,5",
                    "1200,25",
                ],
            ),
            (
                GrdpsimError::AboveCeiling {
                    what: s("paths"),
                    value: 2_000_000,
                    ceiling: 1_000_000,
                    estimate: s("16 GB"),
                },
                vec!["paths", "2.000.000", "1.000.000", "16 GB"],
            ),
            (
                GrdpsimError::Interrupted {
                    what: s("simulate"),
                    done: 3,
                    total: 7,
                },
                vec!["simulate", "3 trên 7"],
            ),
            (
                GrdpsimError::MissingProgram {
                    program: s("chromium"),
                    hint: s("required"),
                },
                vec!["chromium"],
            ),
        ]
    }

    /// The variant names `GrdpsimError::variant_name` knows, read from its source: every one
    /// must be rendered below.
    fn variant_names_in_source() -> BTreeSet<String> {
        let text = include_str!("error.rs");
        let start = text
            .find("pub fn variant_name")
            .expect("variant_name in error.rs");
        let body = &text[start..];
        let end = body.find("\n    }\n").expect("its end");
        body[..end]
            .lines()
            .filter_map(|l| l.split("=> \"").nth(1))
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_variant_reads_in_vietnamese_naming_its_fields() {
        let cases = every_variant();
        let rendered: BTreeSet<String> = cases
            .iter()
            .map(|(e, _)| e.variant_name().to_owned())
            .collect();
        assert_eq!(
            rendered,
            variant_names_in_source(),
            "a variant is not tested"
        );
        for (e, fields) in &cases {
            let vi = e.message(Lang::Vi);
            // English unchanged: the variant's Display.
            assert_eq!(e.message(Lang::En), e.to_string());
            assert_ne!(vi, e.to_string(), "{e:?}");
            for f in fields {
                assert!(vi.contains(f), "{vi:?} does not name {f:?}");
            }
            assert_eq!(english_words(&vi), Vec::<String>::new(), "{vi:?}");
            // The English does have the words the check looks for (it can fail).
            assert!(!english_words(&e.to_string()).is_empty(), "{e}");
        }
    }

    #[test]
    fn the_vietnamese_has_an_arm_per_variant_and_no_wildcard() {
        // Adding a variant without its Vietnamese does not compile (the match is exhaustive
        // inside the crate, `non_exhaustive` notwithstanding) as long as no arm catches all.
        let text = include_str!("error_text.rs");
        let start = text.find("fn vietnamese(&self)").expect("the function");
        let body = &text[start..text.find("#[cfg(test)]").expect("tests")];
        assert!(!body.contains("_ =>"), "a wildcard arm in vietnamese()");
        assert!(!body.contains("..} =>") && !body.contains("Self::_"));
    }

    #[test]
    fn phrases_fill_their_holes_in_vietnamese_notation() {
        // A hole that is a phrase is read in turn; a figure is written 1250,5.
        assert_eq!(
            phrase(
                Lang::Vi,
                "project P7: 2025-07-03 is a Thursday: this store's weeks end on Friday \
                 (2025-07-04 ends that week)"
            ),
            "dự án P7: ngày 2025-07-03 là thứ Năm: tuần báo cáo của kho dữ liệu này kết thúc \
             vào thứ Sáu (tuần đó kết thúc ngày 2025-07-04)"
        );
        assert_eq!(
            phrase(
                Lang::Vi,
                "less than is already recovered of advance TU1: 1250.5"
            ),
            "thấp hơn số đã thu hồi của khoản tạm ứng TU1: 1250,5"
        );
        assert_eq!(
            phrase(
                Lang::Vi,
                "the same key as sheet payments row 3: one figure per key"
            ),
            "trùng khóa với trang tính payments dòng 3: mỗi khóa chỉ một số liệu"
        );
        // Reordered holes: the advance and the project change places.
        assert_eq!(
            phrase(Lang::Vi, "no advance TU1 of project P7 (import it first)"),
            "dự án P7 không có khoản tạm ứng TU1 (hãy nhập khoản tạm ứng trước)"
        );
        // A phrase the catalog does not know stays as written; English is untouched.
        assert_eq!(phrase(Lang::Vi, "something new"), "something new");
        assert_eq!(phrase(Lang::En, "negative amount"), "negative amount");
        // An empty hole does not match ("row " alone is not "row {}").
        assert_eq!(phrase(Lang::Vi, "row "), "row ");
        // A phrase without holes is the whole text: "required" does not read the start of the
        // tasks' longer reason (it did, dropping the rest).
        assert_eq!(phrase(Lang::Vi, "required!"), "required!");
        assert_eq!(
            phrase(
                Lang::Vi,
                "required: a date, a recurrence or an event's name"
            ),
            "không được để trống: một ngày, một lịch định kỳ hoặc tên một sự kiện"
        );
        // Text with letters of several bytes never splits one (a panic before, reached by a
        // workbook's reason that ends in Vietnamese).
        let mixed = "a formula without a stored value (công thức chưa có giá trị)";
        assert_eq!(phrase(Lang::Vi, mixed), mixed);
        for text in [
            "ở",
            "row ở",
            "project ởở: ở",
            "ở is not a number",
            "sheet ở row ư",
        ] {
            for end in 0..=text.len() {
                if let Some(t) = text.get(..end) {
                    let _ = phrase(Lang::Vi, t);
                }
            }
        }
        assert_eq!(phrase(Lang::Vi, "project ởở: ở"), "dự án ởở: ở");
    }

    #[test]
    fn a_place_before_a_phrase_keeps_the_place_and_reads_the_phrase() {
        // The uncertainty file's key, a table's caption (quoted, with a colon of its own).
        assert_eq!(
            phrase(Lang::Vi, "uncertainty.corr.matrix: missing"),
            "uncertainty.corr.matrix: thiếu"
        );
        assert_eq!(
            phrase(
                Lang::Vi,
                "\"Bảng 1: giải ngân\": row 3 has 4 cells for 5 columns"
            ),
            "\"Bảng 1: giải ngân\": dòng 3 có 4 ô cho 5 cột"
        );
        // Nothing is read when what follows the place is not a phrase.
        let unknown = "uncertainty.sd: something new";
        assert_eq!(phrase(Lang::Vi, unknown), unknown);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_operating_systems_commonest_messages_read_in_vietnamese() {
        // What Rust's io::Error says on Linux (strerror and the code), as an Io error carries it.
        let missing = GrdpsimError::io("kho.db", std::io::Error::from_raw_os_error(2));
        assert_eq!(
            missing.message(Lang::En),
            "kho.db: No such file or directory (os error 2)"
        );
        assert_eq!(
            missing.message(Lang::Vi),
            "kho.db: không có tệp hoặc thư mục này (lỗi hệ điều hành 2)"
        );
        let denied = GrdpsimError::io("kho.db", std::io::Error::from_raw_os_error(13));
        assert_eq!(
            denied.message(Lang::Vi),
            "kho.db: không có quyền truy cập (lỗi hệ điều hành 13)"
        );
    }

    #[test]
    fn sqlites_own_messages_read_in_vietnamese() {
        // What SQLite says of a store another connection holds, or of a damaged file.
        let busy = GrdpsimError::Database {
            path: "kho.db".into(),
            message: "database is locked".into(),
            code: DbErrorCode::Busy,
        };
        assert_eq!(
            busy.message(Lang::Vi),
            "cơ sở dữ liệu kho.db: cơ sở dữ liệu đang bị khóa (một kết nối khác đang ghi)"
        );
        let corrupt = GrdpsimError::Database {
            path: "kho.db".into(),
            message: "database disk image is malformed".into(),
            code: DbErrorCode::Corrupt,
        };
        assert_eq!(
            corrupt.message(Lang::Vi),
            "cơ sở dữ liệu kho.db: tệp cơ sở dữ liệu bị hỏng"
        );
    }

    #[test]
    fn the_free_text_of_a_name_reads_in_vietnamese_too() {
        // What an interrupted run was, the method that failed, the sectors an uncertainty
        // names: read as phrases, codes kept.
        let stopped = GrdpsimError::Interrupted {
            what: "the Monte Carlo simulation".into(),
            done: 3,
            total: 7,
        };
        assert_eq!(
            stopped.message(Lang::Vi),
            "đã dừng: mô phỏng Monte Carlo dừng sau 3 trên 7 phần; không trả về kết quả nào"
        );
        let singular = GrdpsimError::Disaggregation {
            what: "proportional Denton".into(),
            message: "the indicator has mean zero; use criterion additive".into(),
        };
        assert_eq!(
            singular.message(Lang::Vi),
            "chia nhỏ số liệu theo thời gian (Denton theo tỷ lệ): chỉ báo có trung bình bằng 0; \
             hãy dùng tiêu chí cộng (criterion additive)"
        );
        let every = GrdpsimError::InvalidUncertainty {
            sector: "every sector".into(),
            other: None,
            value: 2025.0,
            reason: "within_year measures spread within a year; it forecasts nothing".into(),
        };
        let vi = every.message(Lang::Vi);
        assert!(
            vi.starts_with("độ bất định không hợp lệ của mọi ngành: 2025"),
            "{vi}"
        );
        assert_eq!(english_words(&vi), Vec::<String>::new(), "{vi}");
        let pair = GrdpsimError::InvalidUncertainty {
            sector: "CN".into(),
            other: Some("DV".into()),
            value: 1.5,
            reason: "not a finite number".into(),
        };
        assert_eq!(
            pair.message(Lang::Vi),
            "độ bất định không hợp lệ của CN và DV: 1,5 (không phải là số hữu hạn)"
        );
    }

    #[test]
    fn a_place_of_many_parts_is_read_once_each() {
        // A place of two parts before a phrase: the phrase read, the place kept.
        assert_eq!(
            phrase(Lang::Vi, "table A: column x: negative amount"),
            "table A: column x: số tiền âm"
        );
        // A value of many `: ` the catalog does not know (a Python mapping's repr), as a
        // whole text and in a hole: given back as it is. Reading each rest place by place
        // again took 2^40 reads of the catalog here and did not end.
        let mapping = (0..40)
            .map(|i| format!("'k{i}': {i}"))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(phrase(Lang::Vi, &mapping), mapping);
        let got = phrase(Lang::Vi, &format!("{mapping} is not a number"));
        assert_eq!(got, format!("{mapping} không phải là số"));
        // A hole longer than any sentence of the catalog is a value, not read.
        let long = format!("{} is not a number", "negative amount: ".repeat(100));
        assert_eq!(
            phrase(Lang::Vi, &long),
            format!("{} không phải là số", "negative amount: ".repeat(100))
        );
    }

    #[test]
    fn every_phrase_of_the_catalog_reads_without_english() {
        for (en, _) in PHRASES {
            let filled = en.replace("{}", "\"X7\"");
            let vi = phrase(Lang::Vi, &filled);
            assert_ne!(vi, filled, "{en:?} not matched by itself");
            assert_eq!(english_words(&vi), Vec::<String>::new(), "{en:?} -> {vi:?}");
        }
    }

    #[test]
    fn no_phrase_of_the_catalog_is_read_by_an_earlier_more_general_one() {
        // The first entry that matches a text is the one read: a general phrase placed before
        // a longer one that it contains would read the longer one with English in its holes.
        let mut shadowed = Vec::new();
        for (i, (en, _)) in PHRASES.iter().enumerate() {
            let filled = en.replace("{}", "\"X7\"");
            let first = PHRASES
                .iter()
                .position(|(other, _)| holes(other, &filled).is_some());
            if first != Some(i) {
                shadowed.push((*en, first.map(|j| PHRASES[j].0)));
            }
        }
        assert!(
            shadowed.is_empty(),
            "read by an earlier phrase: {shadowed:#?}"
        );
    }

    #[test]
    fn every_hole_of_a_phrase_is_placed_in_its_vietnamese() {
        // A value the English names (a project, a week, a figure) is not lost: each hole is
        // placed, and none beyond them. An English text that repeats its values in a
        // Vietnamese gloss of its own ("(không có trang {}, ...)") places each once.
        for (en, vi) in PHRASES {
            let n = en.matches("{}").count();
            let glossed = en.chars().any(|c| matches!(c, '\u{00C0}'..='\u{1EFF}'));
            for i in 0..n {
                let placed = vi.contains(&format!("{{{i}}}"));
                assert!(
                    placed || (glossed && i >= n / 2),
                    "{en:?}: hole {i} not in {vi:?}"
                );
            }
            assert!(
                !vi.contains(&format!("{{{n}}}")),
                "{en:?}: {vi:?} has a hole too many"
            );
        }
    }

    #[test]
    fn a_row_problem_in_both_languages() {
        let p = row(Some("payments"), 7, "amount", "abc", "not a number");
        assert_eq!(
            p.message(Lang::En),
            "sheet payments row 7 column amount (\"abc\"): not a number"
        );
        assert_eq!(
            p.message(Lang::Vi),
            "trang tính payments dòng 7 cột amount (\"abc\"): không phải là số"
        );
        assert_eq!(p.reason_in(Lang::En), "not a number");
    }
}
