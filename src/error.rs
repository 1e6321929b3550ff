//! The crate's one error type.
//!
//! Every variant names what is at fault (sector, period, value) so that a message shown to an
//! analyst says where to look. The Python layer maps each [`ErrorKind`] onto an exception class
//! under `grdpsim.GrdpsimError`.

use std::sync::Arc;

use thiserror::Error;

/// Everything that can go wrong in grdpsim.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum GrdpsimError {
    /// A level that is NaN, infinite, or negative where it cannot be.
    #[error("invalid level for sector {sector} in {period}: {value} ({reason})")]
    InvalidLevel {
        sector: String,
        period: String,
        value: f64,
        reason: &'static str,
    },
    /// A leaf sector without a value for a quarter the data covers.
    #[error("missing {basis} level for sector {sector} in {period}")]
    MissingQuarter {
        sector: String,
        period: String,
        basis: String,
    },
    /// A code that is not in the sector tree (nor an alias of one).
    #[error("unknown sector {code:?}{hint}")]
    UnknownSector { code: String, hint: String },
    /// The same sector, quarter and price basis given twice.
    #[error("duplicate row for sector {sector} in {period} ({basis}): {first} and {second}")]
    DuplicateRow {
        sector: String,
        period: String,
        basis: String,
        first: f64,
        second: f64,
    },
    /// An aggregate row present in the input that is not the sum of its children.
    #[error(
        "aggregate {sector} in {period} ({basis}) is {stated} but its children sum to {sum} \
         (relative difference {rel:.3e})"
    )]
    InconsistentAggregate {
        sector: String,
        period: String,
        basis: String,
        stated: f64,
        sum: f64,
        rel: f64,
    },
    /// A period the data does not cover (it and the same quarters of the year before are needed
    /// for growth).
    #[error("period {period} is not covered: the data runs from {first} to {last}")]
    PeriodNotCovered {
        period: String,
        first: String,
        last: String,
    },
    /// A base-period level of zero, which leaves growth undefined.
    #[error("zero base level for sector {sector} in {period}: growth is undefined")]
    ZeroBase { sector: String, period: String },
    /// Text that is not a period.
    #[error("invalid period {text:?}: {reason}")]
    InvalidPeriod { text: String, reason: String },
    /// Current-price levels were asked for but the accounts have none.
    #[error("no current-price levels in these accounts: {what} needs them")]
    NoCurrentPrices { what: String },
    /// A sector tree that is not a tree (cycle, two roots, duplicate code).
    #[error("invalid sector tree: {0}")]
    InvalidTree(String),
    /// A malformed input file or frame.
    #[error("{source_name}, line {line}: {message}")]
    Parse {
        source_name: String,
        line: usize,
        message: String,
    },
    /// A file that could not be read or written. `cause` is the operating system's error
    /// (its [`std::io::ErrorKind`]: not found, permission denied, ...) where there was one, and
    /// [`std::error::Error::source`] returns it; None where grdpsim itself refused the file (a
    /// workbook that is not one, a feature not built in).
    #[error("{path}: {message}")]
    Io {
        path: String,
        message: String,
        #[source]
        cause: Option<IoCause>,
    },
    /// An argument out of its domain (an unknown option, a rate at or below -100%, ...).
    #[error("invalid argument {name}: {message}")]
    InvalidArgument { name: String, message: String },
    /// Series whose lengths do not fit together (temporal disaggregation: y, X, ratio, offset).
    #[error("{what}: {message}")]
    LengthMismatch { what: String, message: String },
    /// A NaN or infinite value in an input series, with its position (0-based).
    #[error("{series} has a non-finite value at index {index}: {value}")]
    NonFiniteInput {
        series: String,
        index: usize,
        value: f64,
    },
    /// An indicator matrix whose columns are linearly dependent (or a column that is all zero).
    #[error("indicator column {column} is collinear with the columns before it ({message})")]
    CollinearIndicators { column: usize, message: String },
    /// A frequency ratio below 2 (there is nothing to disaggregate).
    #[error("invalid ratio {ratio}: the high frequency must have at least 2 periods per low-frequency period")]
    InvalidRatio { ratio: usize },
    /// A method, conversion or criterion name that is not known.
    #[error("unknown {option} {value:?}; expected one of {expected}")]
    UnknownOption {
        option: String,
        value: String,
        expected: String,
    },
    /// An autoregressive parameter outside the open interval (-1, 1).
    #[error("{name} must lie in (-1, 1), got {value}")]
    RhoOutOfRange { name: String, value: f64 },
    /// A disaggregation that cannot be computed on this input (too few degrees of freedom, a
    /// covariance that is not positive definite, a zero indicator under a proportional criterion).
    #[error("temporal disaggregation ({what}): {message}")]
    Disaggregation { what: String, message: String },
    /// A scenario target outside its domain (at or below -100%, not finite), stated or derived.
    #[error("invalid target for sector {sector} in {period}: {value}% ({reason})")]
    InvalidTarget {
        sector: String,
        period: String,
        value: f64,
        reason: String,
    },
    /// A period outside the scenario's year.
    #[error("period {period} is outside the scenario year {year}")]
    PeriodOutsideYear { period: String, year: i32 },
    /// No stated target reaches a sector in a quarter under the derivation rule in force.
    #[error(
        "no target for sector {sector} in {period}: state one for it or for a sector above it \
         (rule: {rule})"
    )]
    MissingTarget {
        sector: String,
        period: String,
        rule: String,
    },
    /// Actual figures that contradict each other beyond rounding.
    #[error(
        "contradictory actuals for sector {sector} in {period}: stated {stated_pct:.4}% but the \
         other figures give {derived_pct:.4}% (tolerance {tolerance_pp} pp)"
    )]
    ContradictoryActuals {
        sector: String,
        period: String,
        stated_pct: f64,
        derived_pct: f64,
        tolerance_pp: f64,
    },
    /// An actual figure that a computation needs but that was not given (nor derivable).
    #[error("no actual figure for sector {sector} in {period}: {needed_for}")]
    MissingActuals {
        sector: String,
        period: String,
        needed_for: String,
    },
    /// A required-growth policy that leaves no sector free to adjust.
    #[error("no sector is free to adjust: {reason}")]
    NothingFree { reason: String },
    /// A growth cap below the growth the sector is already planned (or required) to reach.
    #[error("cap {cap_pct}% for sector {sector} over {period} is below its planned growth {planned_pct:.4}%")]
    CapBelowPlan {
        sector: String,
        period: String,
        cap_pct: f64,
        planned_pct: f64,
    },
    /// Every growth figure of a scenario below 1 in absolute value: fractions (0.08) where
    /// percentages (8.0) are expected.
    #[error(
        "growth figures look like fractions: sector {sector}, {period}: {value} would be taken as \
         {value}%; give percentages ({pct} for {value}), or pass fractions_ok to keep them",
        pct = value * 100.0
    )]
    LooksLikeFraction {
        sector: String,
        period: String,
        value: f64,
    },
    /// Two scenarios that cannot be set side by side.
    #[error("the scenarios differ in {what}: they cannot be compared")]
    ScenarioMismatch { what: String },
    /// An uncertainty model that cannot hold: a negative or non-finite sd, degrees of freedom
    /// that leave no variance, a correlation matrix that is not symmetric positive
    /// semi-definite (naming the pair of sectors), a history too short to calibrate on.
    #[error("invalid uncertainty for {sector}{pair}: {value} ({reason})", pair = other.as_ref().map(|o| format!(" and {o}")).unwrap_or_default())]
    InvalidUncertainty {
        sector: String,
        other: Option<String>,
        value: f64,
        reason: String,
    },
    // Monitoring store and disbursement (issue 10).
    /// A file rejected whole: nothing was written, and every bad row is listed.
    #[error(
        "{source_name}: import rejected, nothing written; {n} bad row(s): {listed}",
        n = .problems.len(),
        listed = RowProblem::summary(.problems)
    )]
    ImportRejected {
        source_name: String,
        problems: Vec<RowProblem>,
    },
    /// The database refused an operation (locked beyond the retries, full disk, corrupt file);
    /// `code` says which, so that a caller can retry a busy store and not a corrupt one.
    #[error("database {path}: {message}")]
    Database {
        path: String,
        message: String,
        code: DbErrorCode,
    },
    /// A cell of a workbook that cannot be read as what its place says (a figure that is not a
    /// number, an unknown sector or period, a missing header or sheet): `Targets!D7`.
    #[error("{path}: {sheet}!{cell} ({value:?}): {message}")]
    WorkbookCell {
        path: String,
        sheet: String,
        cell: String,
        value: String,
        message: String,
    },
    /// A workbook whose package or sheet cannot be read safely: a part missing or malformed
    /// (`xl/sharedStrings.xml`), a sheet beyond the limits of its layout (too wide, too many
    /// cells). `part` is the zip part or the sheet.
    #[error("{path}, {part}: {message}")]
    Workbook {
        path: String,
        part: String,
        message: String,
    },
    /// A file that is not a grdpsim store (restore and open refuse it).
    #[error("{path} is not a grdpsim store: {reason}")]
    NotAStore { path: String, reason: String },
    // Disbursement calendar (issue 21).
    /// A date argument that is not a date (an int, a malformed text) or out of order (`since`
    /// after `as_of`).
    #[error("invalid {argument} {value:?}: {reason}")]
    InvalidDate {
        argument: String,
        value: String,
        reason: String,
    },
    /// A target's owner (cơ quan chủ trì) that cannot be: an owner for a period the sector
    /// states no target for, a deadline that is not a date, no department named.
    #[error("owner of {sector} {period}: {value:?} {reason}")]
    InvalidOwner {
        sector: String,
        period: String,
        value: String,
        reason: String,
    },
    /// A withdrawal of a figure the store does not have.
    #[error(
        "no {payment_source} figure for project {project} in the week ending {week_ending}: \
         nothing to withdraw"
    )]
    NoSuchEntry {
        project: String,
        week_ending: String,
        /// `investor` or `treasury` (named so that `thiserror` does not take it for a cause).
        payment_source: String,
    },
    /// A reconciliation decision on a project-week where the investor's and the Treasury's
    /// figures agree (or the project is unknown): nothing to decide.
    #[error(
        "project {project} has no difference between the investor's report and the Treasury's \
         payment in the week ending {week_ending}: nothing to decide"
    )]
    NoDifference {
        project: String,
        week_ending: String,
    },

    /// A store whose running totals of payments (kept by the store as payments are written)
    /// disagree with the payments themselves: refused by backup and restore, which name the
    /// first project and week at fault.
    #[error(
        "{path}: the running total of {payment_source} payments on project {project} to the \
         week ending {week_ending} is {stored}, the payments add up to {recomputed}"
    )]
    TotalsDisagree {
        path: String,
        project: String,
        week_ending: String,
        /// `investor` or `treasury`.
        payment_source: String,
        /// The stored running total (0 where none is stored).
        stored: f64,
        /// What the project's payments from that source add up to by that week.
        recomputed: f64,
    },

    // Simulations the user controls (issue 22).
    #[error("{what}: {value} is above the ceiling of {ceiling} ({estimate})")]
    AboveCeiling {
        /// The argument (`paths`).
        what: String,
        value: u64,
        ceiling: u64,
        /// The memory and time the run would take, estimated before it starts.
        estimate: String,
    },
    #[error("interrupted: {what} stopped after {done} of {total} chunks; nothing is returned")]
    Interrupted {
        what: String,
        done: usize,
        total: usize,
    },

    /// A program grdpsim runs is not there (issue 26: the browser that prints PDFs).
    #[error("{program} not found: {hint}")]
    MissingProgram { program: String, hint: String },
}

/// One bad row of a rejected import: where it is (sheet, 1-based row as a spreadsheet numbers
/// it, the header being row 1; column name), what it holds and why it is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The sheet of a workbook; `None` for a CSV file.
    pub sheet: Option<String>,
    pub row: usize,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl RowProblem {
    fn summary(problems: &[RowProblem]) -> String {
        Self::summary_with(problems, ToString::to_string, |n| {
            format!("... and {n} more")
        })
    }

    /// The first 20 problems, each as `line` writes it, and how many more (`more`).
    pub(crate) fn summary_with(
        problems: &[RowProblem],
        line: impl Fn(&RowProblem) -> String,
        more: impl Fn(usize) -> String,
    ) -> String {
        const SHOWN: usize = 20;
        let mut out: Vec<String> = problems.iter().take(SHOWN).map(line).collect();
        if problems.len() > SHOWN {
            out.push(more(problems.len() - SHOWN));
        }
        out.join("; ")
    }
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "sheet {sheet} ")?;
        }
        write!(
            f,
            "row {} column {} ({:?}): {}",
            self.row, self.column, self.value, self.reason
        )
    }
}

/// The operating system's error behind a [`GrdpsimError::Io`]: shared, so that the error stays
/// `Clone`; two are equal when their kind and message are.
#[derive(Debug, Clone)]
pub struct IoCause(Arc<std::io::Error>);

impl IoCause {
    /// Not found, permission denied, ...
    pub fn kind(&self) -> std::io::ErrorKind {
        self.0.kind()
    }

    /// The error itself (its raw OS error code, its message).
    pub fn get_ref(&self) -> &std::io::Error {
        &self.0
    }
}

impl PartialEq for IoCause {
    fn eq(&self, other: &Self) -> bool {
        self.kind() == other.kind() && self.0.to_string() == other.0.to_string()
    }
}

impl std::fmt::Display for IoCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for IoCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// What kind of refusal a [`GrdpsimError::Database`] is, from `SQLite`'s error code: a busy
/// store can be tried again, a corrupt one cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DbErrorCode {
    /// Another connection holds the lock (`SQLITE_BUSY`, `SQLITE_LOCKED`) beyond the retries.
    Busy,
    /// The file is damaged (`SQLITE_CORRUPT`).
    Corrupt,
    /// The file is not an `SQLite` database (`SQLITE_NOTADB`).
    NotADatabase,
    /// The disk is full (`SQLITE_FULL`).
    DiskFull,
    /// The file or its folder cannot be written (`SQLITE_READONLY`, `SQLITE_PERM`).
    ReadOnly,
    /// The file cannot be opened (`SQLITE_CANTOPEN`).
    CannotOpen,
    /// A constraint of the schema refused a row (`SQLITE_CONSTRAINT`).
    Constraint,
    /// A disk I/O error below `SQLite` (`SQLITE_IOERR`).
    Io,
    /// Anything else (a misuse, a query error, a value of the wrong type).
    Other,
}

impl DbErrorCode {
    /// A stable snake-case name (`busy`, `corrupt`): what the Python `DatabaseError.code`
    /// attribute holds.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Busy => "busy",
            Self::Corrupt => "corrupt",
            Self::NotADatabase => "not_a_database",
            Self::DiskFull => "disk_full",
            Self::ReadOnly => "read_only",
            Self::CannotOpen => "cannot_open",
            Self::Constraint => "constraint",
            Self::Io => "io",
            Self::Other => "other",
        }
    }
}

impl std::fmt::Display for DbErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A coarse classification of errors, used to pick the Python exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    InvalidValue,
    UnknownSector,
    Period,
    ZeroBase,
    InconsistentData,
    Parse,
    Io,
    InvalidArgument,
    // Monitoring store and disbursement (issue 10).
    /// An import rejected whole (the error lists every bad row).
    ImportRejected,
    /// The database itself (locked, corrupt, not a grdpsim store).
    Database,
    /// A long run stopped by its caller (Ctrl-C): Python's `KeyboardInterrupt`.
    Interrupted,
}

impl GrdpsimError {
    /// The class of this error.
    // Later variants come in blocks of their own at the end, even where a class repeats.
    #[allow(clippy::match_same_arms)]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidLevel { .. }
            | Self::NonFiniteInput { .. }
            | Self::InvalidTarget { .. }
            | Self::LooksLikeFraction { .. } => ErrorKind::InvalidValue,
            Self::UnknownSector { .. } => ErrorKind::UnknownSector,
            Self::MissingQuarter { .. }
            | Self::PeriodNotCovered { .. }
            | Self::InvalidPeriod { .. }
            | Self::PeriodOutsideYear { .. } => ErrorKind::Period,
            Self::ZeroBase { .. } => ErrorKind::ZeroBase,
            Self::DuplicateRow { .. }
            | Self::InconsistentAggregate { .. }
            | Self::NoCurrentPrices { .. }
            | Self::ContradictoryActuals { .. }
            | Self::MissingActuals { .. } => ErrorKind::InconsistentData,
            Self::Parse { .. }
            | Self::InvalidTree(_)
            | Self::WorkbookCell { .. }
            | Self::Workbook { .. } => ErrorKind::Parse,
            Self::Io { .. } => ErrorKind::Io,
            Self::InvalidArgument { .. }
            | Self::LengthMismatch { .. }
            | Self::InvalidRatio { .. }
            | Self::UnknownOption { .. }
            | Self::RhoOutOfRange { .. }
            | Self::MissingTarget { .. }
            | Self::NothingFree { .. }
            | Self::CapBelowPlan { .. }
            | Self::ScenarioMismatch { .. } => ErrorKind::InvalidArgument,
            Self::CollinearIndicators { .. } | Self::Disaggregation { .. } => {
                ErrorKind::InconsistentData
            }
            Self::InvalidUncertainty { .. } => ErrorKind::InvalidValue,
            // Monitoring store and disbursement (issue 10).
            Self::ImportRejected { .. } => ErrorKind::ImportRejected,
            Self::Database { .. } | Self::NotAStore { .. } | Self::TotalsDisagree { .. } => {
                ErrorKind::Database
            }
            // Disbursement calendar (issue 21).
            Self::InvalidDate { .. } | Self::NoSuchEntry { .. } => ErrorKind::InvalidArgument,
            Self::NoDifference { .. } => ErrorKind::InvalidArgument,
            Self::InvalidOwner { .. } => ErrorKind::InvalidArgument,
            Self::AboveCeiling { .. } => ErrorKind::InvalidArgument,
            Self::Interrupted { .. } => ErrorKind::Interrupted,
            Self::MissingProgram { .. } => ErrorKind::Io,
        }
    }

    /// A stable name of the variant in snake case (`zero_base`, `looks_like_fraction`): what
    /// the Python exception's `kind` attribute holds.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::GrdpsimError;
    /// let e = GrdpsimError::ZeroBase { sector: "A".into(), period: "2024Q1".into() };
    /// assert_eq!(e.variant_name(), "zero_base");
    /// ```
    pub fn variant_name(&self) -> &'static str {
        match self {
            Self::InvalidLevel { .. } => "invalid_level",
            Self::MissingQuarter { .. } => "missing_quarter",
            Self::UnknownSector { .. } => "unknown_sector",
            Self::DuplicateRow { .. } => "duplicate_row",
            Self::InconsistentAggregate { .. } => "inconsistent_aggregate",
            Self::PeriodNotCovered { .. } => "period_not_covered",
            Self::ZeroBase { .. } => "zero_base",
            Self::InvalidPeriod { .. } => "invalid_period",
            Self::NoCurrentPrices { .. } => "no_current_prices",
            Self::InvalidTree(_) => "invalid_tree",
            Self::Parse { .. } => "parse",
            Self::Io { .. } => "io",
            Self::InvalidArgument { .. } => "invalid_argument",
            Self::LengthMismatch { .. } => "length_mismatch",
            Self::NonFiniteInput { .. } => "non_finite_input",
            Self::CollinearIndicators { .. } => "collinear_indicators",
            Self::InvalidRatio { .. } => "invalid_ratio",
            Self::UnknownOption { .. } => "unknown_option",
            Self::RhoOutOfRange { .. } => "rho_out_of_range",
            Self::Disaggregation { .. } => "disaggregation",
            Self::InvalidTarget { .. } => "invalid_target",
            Self::PeriodOutsideYear { .. } => "period_outside_year",
            Self::MissingTarget { .. } => "missing_target",
            Self::ContradictoryActuals { .. } => "contradictory_actuals",
            Self::MissingActuals { .. } => "missing_actuals",
            Self::NothingFree { .. } => "nothing_free",
            Self::CapBelowPlan { .. } => "cap_below_plan",
            Self::LooksLikeFraction { .. } => "looks_like_fraction",
            Self::ScenarioMismatch { .. } => "scenario_mismatch",
            Self::InvalidUncertainty { .. } => "invalid_uncertainty",
            Self::ImportRejected { .. } => "import_rejected",
            Self::Database { .. } => "database",
            Self::WorkbookCell { .. } => "workbook_cell",
            Self::Workbook { .. } => "workbook",
            Self::NotAStore { .. } => "not_a_store",
            Self::InvalidDate { .. } => "invalid_date",
            Self::InvalidOwner { .. } => "invalid_owner",
            Self::NoSuchEntry { .. } => "no_such_entry",
            Self::NoDifference { .. } => "no_difference",
            Self::TotalsDisagree { .. } => "totals_disagree",
            Self::AboveCeiling { .. } => "above_ceiling",
            Self::Interrupted { .. } => "interrupted",
            Self::MissingProgram { .. } => "missing_program",
        }
    }

    /// The sector, the period and the value at fault, where the error has them.
    pub fn subject(&self) -> (Option<&str>, Option<&str>, Option<f64>) {
        match self {
            Self::InvalidLevel {
                sector,
                period,
                value,
                ..
            }
            | Self::InvalidTarget {
                sector,
                period,
                value,
                ..
            }
            | Self::LooksLikeFraction {
                sector,
                period,
                value,
            }
            | Self::DuplicateRow {
                sector,
                period,
                second: value,
                ..
            }
            | Self::InconsistentAggregate {
                sector,
                period,
                stated: value,
                ..
            }
            | Self::ContradictoryActuals {
                sector,
                period,
                stated_pct: value,
                ..
            } => (Some(sector), Some(period), Some(*value)),
            Self::CapBelowPlan {
                sector,
                period,
                cap_pct,
                ..
            } => (Some(sector), Some(period), Some(*cap_pct)),
            Self::MissingQuarter { sector, period, .. }
            | Self::ZeroBase { sector, period }
            | Self::MissingTarget { sector, period, .. }
            | Self::MissingActuals { sector, period, .. }
            | Self::InvalidOwner { sector, period, .. } => (Some(sector), Some(period), None),
            Self::UnknownSector { code, .. } => (Some(code), None, None),
            Self::PeriodNotCovered { period, .. } | Self::PeriodOutsideYear { period, .. } => {
                (None, Some(period), None)
            }
            Self::InvalidPeriod { text, .. } => (None, Some(text), None),
            Self::NonFiniteInput { value, .. } | Self::RhoOutOfRange { value, .. } => {
                (None, None, Some(*value))
            }
            Self::InvalidUncertainty { sector, value, .. } => (Some(sector), None, Some(*value)),
            #[allow(clippy::cast_precision_loss)]
            Self::AboveCeiling { value, .. } => (None, None, Some(*value as f64)),
            _ => (None, None, None),
        }
    }

    /// A file that could not be read or written because of `e`, which the error keeps as its
    /// source.
    pub(crate) fn io(path: impl std::fmt::Display, e: std::io::Error) -> Self {
        Self::Io {
            path: path.to_string(),
            message: e.to_string(),
            cause: Some(IoCause(Arc::new(e))),
        }
    }

    /// A file refused for a reason of grdpsim's own (no operating-system error behind it).
    // Only the store and workbook code refuses files of its own accord.
    #[cfg_attr(not(any(feature = "store", feature = "xlsx")), allow(dead_code))]
    pub(crate) fn io_message(path: impl std::fmt::Display, message: impl Into<String>) -> Self {
        Self::Io {
            path: path.to_string(),
            message: message.into(),
            cause: None,
        }
    }

    /// The operating system's kind of an [`GrdpsimError::Io`] error (not found, permission
    /// denied, ...); None for other errors and for files grdpsim refused itself.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            Self::Io {
                cause: Some(cause), ..
            } => Some(cause.kind()),
            _ => None,
        }
    }

    pub(crate) fn invalid_argument(name: &str, message: impl Into<String>) -> Self {
        Self::InvalidArgument {
            name: name.to_owned(),
            message: message.into(),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = GrdpsimError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The name the Python `kind` attribute held before it came from a `match`: the variant's
    /// name out of its `Debug` text, in snake case.
    fn name_from_debug(e: &GrdpsimError) -> String {
        let debug = format!("{e:?}");
        let name = debug
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or_default();
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn variant_names_are_the_ones_python_has_always_seen() {
        let s = String::new;
        let errors = [
            GrdpsimError::ZeroBase {
                sector: s(),
                period: s(),
            },
            GrdpsimError::InvalidTree(s()),
            GrdpsimError::io_message("f", "m"),
            GrdpsimError::LooksLikeFraction {
                sector: s(),
                period: s(),
                value: 0.1,
            },
            GrdpsimError::NonFiniteInput {
                series: s(),
                index: 0,
                value: f64::NAN,
            },
            GrdpsimError::Database {
                path: s(),
                message: s(),
                code: DbErrorCode::Busy,
            },
            GrdpsimError::NotAStore {
                path: s(),
                reason: s(),
            },
            GrdpsimError::InvalidUncertainty {
                sector: s(),
                other: None,
                value: 1.0,
                reason: s(),
            },
            GrdpsimError::AboveCeiling {
                what: s(),
                value: 1,
                ceiling: 0,
                estimate: s(),
            },
        ];
        for e in &errors {
            assert_eq!(e.variant_name(), name_from_debug(e), "{e:?}");
        }
    }

    #[test]
    fn the_name_of_a_huge_rejection_comes_without_formatting_its_rows() {
        let problems = (0..10_000)
            .map(|row| RowProblem {
                sheet: Some("payments".into()),
                row,
                column: "amount".into(),
                value: "x".repeat(100),
                reason: "not a number".into(),
            })
            .collect();
        let e = GrdpsimError::ImportRejected {
            source_name: "big.csv".into(),
            problems,
        };
        // A `&'static str` cannot have been cut out of a `Debug` text of the 10,000 rows (about
        // 1.5 MB): the name is a constant of the variant.
        let name: &'static str = e.variant_name();
        assert_eq!(name, "import_rejected");
        assert_eq!(name_from_debug(&e), name);
    }

    #[test]
    fn an_io_error_keeps_its_cause() {
        use std::error::Error as _;
        let missing = std::env::temp_dir().join("grdpsim-no-such-dir/none.csv");
        let os = std::fs::read_to_string(&missing).unwrap_err();
        let e = GrdpsimError::io(missing.display(), os);
        assert_eq!(e.kind(), ErrorKind::Io);
        let cause = e
            .source()
            .and_then(|s| s.downcast_ref::<IoCause>())
            .expect("the io::Error as source");
        assert_eq!(cause.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(e.io_kind(), Some(std::io::ErrorKind::NotFound));
        assert!(cause.get_ref().raw_os_error().is_some());
        // The message is unchanged: the path and the system's words.
        assert_eq!(e.to_string(), format!("{}: {cause}", missing.display()));
        // Clone and equality still hold (the cause is shared).
        assert_eq!(e.clone(), e);
        let refused = GrdpsimError::io_message("book.xlsx", "not a workbook");
        assert!(refused.source().is_none());
        assert_eq!(refused.io_kind(), None);
    }
}
