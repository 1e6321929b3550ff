//! Reads of the store that the tracker's views do not give one project at a time, and the
//! week the pages are as of.

use super::prelude::*;
use crate::disbursement::{Coverage, Tracker};
use crate::monitoring::Date;

/// The week the pages are as of, with its reporting: the province's default as-of (the latest
/// week that the calendar's share of projects reported, in the tracker's payment source), or
/// the year's first day before any week has.
pub(super) fn coverage(t: &Tracker) -> Result<Coverage, GrdpsimError> {
    match t.default_as_of()? {
        Some(c) => Ok(c),
        None => t.coverage(t.year_start()),
    }
}

/// The as-of date of the pages ([`coverage`]).
pub(super) fn as_of(t: &Tracker) -> Result<Date, GrdpsimError> {
    Ok(coverage(t)?.as_of)
}

/// "As of 2025-08-29 (193 of 300 projects reported)": which week a page shows.
pub(super) fn as_of_line(c: &Coverage, lang: Lang) -> String {
    format!(
        "{} <strong id=\"as-of\">{}</strong> (<span id=\"coverage\">{}</span>)",
        Msg::AsOf.text(lang),
        c.as_of,
        esc(&c.reported_in(lang))
    )
}

// ---------------------------------------------------------------------------------------------
// Reads of the store that the tracker's views do not give one project at a time.

/// The projects an account may read (`None`: all of them).
pub(super) fn readable_projects(
    t: &Tracker,
    a: &Account,
) -> Result<Option<HashSet<String>>, GrdpsimError> {
    match (&a.role, &a.investor) {
        (Role::Investor, Some(inv)) => Ok(Some(
            t.projects_of(inv)?.into_iter().map(|(c, _)| c).collect(),
        )),
        (Role::Investor, None) => Ok(Some(HashSet::new())),
        _ => Ok(None),
    }
}
