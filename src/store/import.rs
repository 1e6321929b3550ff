//! What every import into a [`super::Store`] shares: rows of raw tables
//! ([`crate::io::tables`]) validated cell by cell (each problem named by sheet, row and
//! column), the keyed, audited upsert that makes an import idempotent, and the one transaction
//! that makes it all or nothing ([`import_tables`], reported as one [`ImportReport`]).
//!
//! The disbursement tracker ([`crate::disbursement`]) and the monitoring indicators and tasks
//! ([`crate::monitoring`]) both import through these; each says only which layouts it knows
//! ([`Layout`]) and how a row of each becomes records.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};

use std::fmt::Write as _;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, OptionalExtension, Transaction};

use super::audit::{AuditBatch, PACK_FROM};
use super::held_texts::{same, HeldTexts};
use super::import_memo::{ImportMemo, StoreState};
use super::totals::{self, LatestWeek, PaymentWrite, WeekBases};
use super::{now_utc, swap_pragma, Store};
use crate::date::{Date, Month};
use crate::error::{GrdpsimError, Result, RowProblem};
use crate::io::tables::{normalise_header, RawTable};

/// A stored table's natural key and values. Table and column names are constants, never user
/// data, so they may be formatted into SQL.
#[derive(Debug)]
pub(crate) struct TableSpec {
    pub table: &'static str,
    pub keys: &'static [&'static str],
    pub values: &'static [&'static str],
}

/// A validated row: the natural key and the values, as stored.
pub(crate) struct Record {
    pub spec: &'static TableSpec,
    pub key: Vec<Value>,
    pub values: Vec<Value>,
}

/// A key's or a row's values as the audit trail shows them: each value's text, joined by `|`.
pub(crate) fn render(values: &[Value]) -> String {
    let mut out = String::with_capacity(48);
    render_into(&mut out, values);
    out
}

/// Appends [`render`] of `values` to `out` (an import's audit renders every change into one
/// text).
pub(crate) fn render_into(out: &mut String, values: &[Value]) {
    let refs = values.iter().map(|v| Ok(ValueRef::from(v)));
    render_refs_into(out, refs).unwrap_or_else(|e: std::convert::Infallible| match e {});
}

/// Appends `v` as [`render`] shows a value.
fn push_rendered(out: &mut String, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => {}
        // Writing to a String cannot fail.
        ValueRef::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        ValueRef::Real(x) => {
            let _ = write!(out, "{x}");
        }
        ValueRef::Text(t) => out.push_str(&String::from_utf8_lossy(t)),
        ValueRef::Blob(_) => out.push_str("<blob>"),
    }
}

/// [`render`] of values borrowed (a stored row's, read in place, each value maybe an error):
/// one string written once, no string a value (issue 27: an import renders every record's
/// key).
fn render_refs<'v, E>(
    values: impl IntoIterator<Item = std::result::Result<ValueRef<'v>, E>>,
) -> std::result::Result<String, E> {
    let mut out = String::with_capacity(48);
    render_refs_into(&mut out, values)?;
    Ok(out)
}

/// Appends [`render_refs`] of `values` to `out`.
fn render_refs_into<'v, E>(
    out: &mut String,
    values: impl IntoIterator<Item = std::result::Result<ValueRef<'v>, E>>,
) -> std::result::Result<(), E> {
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        push_rendered(out, v?);
    }
    Ok(())
}

/// Parses a plain decimal number (`1234.5`; no thousands separators, whose meaning differs
/// between Vietnamese and English spreadsheets).
pub(crate) fn parse_amount(s: &str) -> std::result::Result<f64, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Err("an amount is required");
    }
    if t.contains(',') {
        return Err("not a number (write 1234.5, without thousands separators)");
    }
    match t.parse::<f64>() {
        Ok(x) if !x.is_finite() => Err("not a finite number"),
        Ok(x) if x < 0.0 => Err("negative amount"),
        // Million VND: 10^12 of them is more than any budget; a unit or typing error.
        Ok(x) if x >= 1e12 => Err("implausible amount (million VND): 10^12 or more"),
        Ok(x) => Ok(x),
        Err(_) => Err("not a number"),
    }
}

pub(crate) struct RowCtx<'a> {
    pub sheet: &'a Option<String>,
    pub header: &'a [String],
    pub row: usize,
    pub cells: &'a [String],
    pub problems: &'a mut Vec<RowProblem>,
}

impl<'a> RowCtx<'a> {
    pub(crate) fn cell(&self, column: &str) -> &'a str {
        self.header
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.cells.get(i))
            .map_or("", |s| s.trim())
    }

    pub(crate) fn bad(&mut self, column: &str, reason: impl Into<String>) {
        let value = self.cell(column).to_owned();
        self.problems.push(RowProblem {
            sheet: self.sheet.clone(),
            row: self.row,
            column: column.to_owned(),
            value,
            reason: reason.into(),
        });
    }

    pub(crate) fn text(&mut self, column: &str, required: bool) -> Option<Value> {
        let v = self.cell(column).to_owned();
        if v.is_empty() && required {
            self.bad(column, "required");
            return None;
        }
        Some(Value::Text(v))
    }

    pub(crate) fn amount(&mut self, column: &str) -> Option<Value> {
        match parse_amount(self.cell(column)) {
            Ok(x) => Some(Value::Real(x)),
            Err(reason) => {
                self.bad(column, reason);
                None
            }
        }
    }

    /// A date within the plan `year`.
    pub(crate) fn date(&mut self, column: &str, year: i32, required: bool) -> Option<Value> {
        self.date_in(column, Some(year), required)
    }

    /// A date of any year (a task's deadline may fall in the next).
    pub(crate) fn date_any(&mut self, column: &str, required: bool) -> Option<Value> {
        self.date_in(column, None, required)
    }

    fn date_in(&mut self, column: &str, year: Option<i32>, required: bool) -> Option<Value> {
        let raw = self.cell(column);
        if raw.is_empty() {
            if required {
                self.bad(column, "a date is required");
                return None;
            }
            return Some(Value::Null);
        }
        match (raw.parse::<Date>(), year) {
            (Ok(d), Some(y)) if d.year() != y => {
                self.bad(column, format!("date outside the plan year {y}"));
                None
            }
            (Ok(d), _) => Some(Value::Text(d.to_string())),
            (Err(_), _) => {
                self.bad(column, "not an ISO date YYYY-MM-DD");
                None
            }
        }
    }

    pub(crate) fn month(&mut self, column: &str, year: i32) -> Option<Value> {
        let raw = self.cell(column).to_owned();
        match raw.parse::<Month>() {
            Ok(m) if m.year() == year => Some(Value::Text(m.to_string())),
            Ok(_) => {
                self.bad(column, format!("month outside the plan year {year}"));
                None
            }
            Err(_) => {
                self.bad(column, "not a month YYYY-MM");
                None
            }
        }
    }

    pub(crate) fn project(&mut self, known: &Known) -> Option<Value> {
        self.project_with(known).map(|(code, _)| code)
    }

    /// [`RowCtx::project`] with the project's stored [`Layout::CODES_WITH`] column
    /// ([`Known::stored`]), found by the same lookup (issue 27: one lookup a payment row).
    pub(crate) fn project_with<'k>(
        &mut self,
        known: &'k Known,
    ) -> Option<(Value, Option<&'k str>)> {
        let code = self.cell("project");
        if code.is_empty() {
            self.bad("project", "required");
            None
        } else if let Some(entry) = known.entry(code) {
            Some((Value::Text(code.to_owned()), known.stored_of(entry)))
        } else {
            self.bad(
                "project",
                "unknown project (import it in a projects file first)",
            );
            None
        }
    }
}

/// The layouts an importer knows: told apart by a table's header, each with the columns it
/// requires.
pub(crate) trait Layout: Copy + Eq + std::hash::Hash + Ord + Send + Sync + 'static {
    fn detect(header: &[String]) -> Option<Self>;
    fn required(self) -> &'static [&'static str];
    fn name(self) -> &'static str;
    /// The key columns, for a duplicate key's problem.
    fn key_columns(self) -> &'static [&'static str];
    /// What the known layouts look like, for a header that matches none.
    const HINT: &'static str;
    /// The codes rows refer to: the table that holds them (its `code` column), the layout
    /// whose rows bring new ones, and that layout's column of them.
    const CODES: (&'static str, Self, &'static str);
    /// A column of the codes' table read with them in the same pass ([`Known::stored`]), for
    /// an importer that needs it of every row (a payment's capital source is its project's
    /// own): the table is then read once an import (issue 27).
    const CODES_WITH: Option<&'static str> = None;
    /// A second column of the codes' table read in the same pass: each code's owner (a
    /// project's investor), kept as a place among the owners' names ([`Known::owner`]) for the
    /// aggregates kept per owner, which then read the table no more (issue 27).
    const CODES_OWNER: Option<&'static str> = None;
}

/// Each table with its layout (headers normalised), in the order the layouts are applied; or
/// every unknown header and missing column.
fn classify<K: Layout>(source_name: &str, tables: Vec<RawTable>) -> Result<Vec<(K, RawTable)>> {
    let mut problems = Vec::new();
    let mut typed = Vec::new();
    for mut t in tables {
        t.header = normalise_header(&t.header);
        if let Some(kind) = K::detect(&t.header) {
            for col in kind.required() {
                if !t.header.iter().any(|h| h == col) {
                    problems.push(RowProblem {
                        sheet: t.sheet.clone(),
                        row: 1,
                        column: (*col).to_owned(),
                        value: String::new(),
                        reason: format!("missing column of the {} layout", kind.name()),
                    });
                }
            }
            typed.push((kind, t));
        } else {
            problems.push(RowProblem {
                sheet: t.sheet.clone(),
                row: 1,
                column: "header".into(),
                value: t.header.join(","),
                reason: format!("not a known layout: {}", K::HINT),
            });
        }
    }
    if !problems.is_empty() {
        return Err(GrdpsimError::ImportRejected {
            source_name: source_name.to_owned(),
            problems,
        });
    }
    typed.sort_by_key(|(k, _)| *k);
    Ok(typed)
}

/// The non-empty codes in `column` of the tables of layout `kind` (an import may bring the
/// projects or indicators that its later tables refer to).
fn codes_in<'t, K: Layout>(
    typed: &'t [(K, RawTable)],
    kind: K,
    column: &'t str,
) -> impl Iterator<Item = &'t str> {
    typed
        .iter()
        .filter(move |(k, _)| *k == kind)
        .flat_map(move |(_, t)| {
            let col = t.header.iter().position(|h| h == column);
            t.rows
                .iter()
                .filter_map(move |(_, cells)| col.and_then(|i| cells.get(i)))
        })
        .map(|code| code.trim())
        .filter(|code| !code.is_empty())
}

/// The codes rows may refer to: those already in the codes' table, each with its
/// [`Layout::CODES_WITH`] column and its [`Layout::CODES_OWNER`] as stored, and those the
/// import itself brings. Held in one text (issue 27: a week's file reads 50,000 projects, two
/// strings each before), looked up with foldhash (16 bytes an entry, and the latest code found
/// kept at hand: a payments file has each project's rows together); the owners' names once
/// each, sorted. The codes are shared by the threads that check an import's rows
/// ([`Known::share`]), each with its own latest code found.
#[derive(Debug, Default)]
pub(crate) struct Known {
    codes: Arc<Codes>,
    /// The entry found last.
    last: std::cell::Cell<Option<Entry>>,
}

/// [`Known`]'s codes.
#[derive(Debug, Default, Clone)]
struct Codes {
    /// Every code followed by its stored column, one after another.
    text: String,
    entries: HashTable<Entry>,
    /// The stored owners' names, sorted, each once ([`Known::sort_owners`]).
    owners: Vec<String>,
    state: DefaultHashBuilder,
}

/// A known code: where its text starts in [`Known`]'s text and how long it is, how long its
/// stored column after it is and its owner's place in the owners' names ([`NONE`]: none).
#[derive(Debug, Clone, Copy)]
struct Entry {
    from: u32,
    len: u32,
    with: u32,
    owner: u32,
}

/// No stored column, or no owner, in an [`Entry`].
const NONE: u32 = u32::MAX;

impl Entry {
    fn code(self, text: &str) -> &str {
        &text[self.from as usize..(self.from + self.len) as usize]
    }
}

impl Codes {
    /// The entry of `code`.
    fn find(&self, code: &str) -> Option<Entry> {
        let hash = self.state.hash_one(code);
        self.entries
            .find(hash, |e| e.code(&self.text) == code)
            .copied()
    }
}

impl Known {
    /// The same codes for another thread, which keeps its own latest code found (nothing
    /// copied).
    pub(crate) fn share(&self) -> Self {
        Self {
            codes: Arc::clone(&self.codes),
            last: std::cell::Cell::new(None),
        }
    }

    /// The entry of `code`.
    fn entry(&self, code: &str) -> Option<Entry> {
        if let Some(last) = self.last.get() {
            if last.code(&self.codes.text) == code {
                return Some(last);
            }
        }
        let found = self.codes.find(code)?;
        self.last.set(Some(found));
        Some(found)
    }

    /// Adds `code` with its stored column `with` and its owner's place `owner` in `owners`,
    /// unless it is known already. A text of 4 GiB (beyond what a `SQLite` text holds) is not
    /// added: a row naming it is refused as naming an unknown code.
    fn insert(&mut self, code: &str, with: Option<&str>, owner: Option<usize>) {
        if self.entry(code).is_some() {
            return;
        }
        // Not shared yet while the codes are read: nothing copied.
        let codes = Arc::make_mut(&mut self.codes);
        let fit = |n: usize| u32::try_from(n).ok().filter(|&n| n != NONE);
        let end = codes.text.len() + code.len() + with.map_or(0, str::len);
        let (Some(from), Some(len), Some(_)) = (fit(codes.text.len()), fit(code.len()), fit(end))
        else {
            return;
        };
        let entry = Entry {
            from,
            len,
            with: with.and_then(|w| fit(w.len())).unwrap_or(NONE),
            owner: owner.and_then(fit).unwrap_or(NONE),
        };
        codes.text.push_str(code);
        if let Some(w) = with {
            codes.text.push_str(w);
        }
        let (text, state) = (&codes.text, &codes.state);
        codes
            .entries
            .insert_unique(state.hash_one(code), entry, |e| {
                state.hash_one(e.code(text))
            });
    }

    /// Sorts the owners' names (read in the table's order, each given its place as first
    /// seen) and renumbers every code's owner.
    fn sort_owners(&mut self) {
        let codes = Arc::make_mut(&mut self.codes);
        let renumbered = super::investor_totals::sort_names(&mut codes.owners);
        for e in &mut codes.entries {
            if e.owner != NONE {
                // Fewer owners than codes, each of whose places fits.
                e.owner = u32::try_from(renumbered[e.owner as usize]).unwrap_or(NONE);
            }
        }
        self.last.set(None);
    }

    /// The stored owners' names, sorted ([`Layout::CODES_OWNER`]; empty for a layout without).
    pub(crate) fn owners(&self) -> &[String] {
        &self.codes.owners
    }

    /// The place of `code`'s stored owner in [`Known::owners`] (None for a code only the
    /// import brings, a code without an owner, or a layout without owners).
    pub(crate) fn owner(&self, code: &str) -> Option<usize> {
        let owner = self.entry(code)?.owner;
        (owner != NONE).then_some(owner as usize)
    }

    /// Whether rows may refer to `code`.
    pub(crate) fn contains(&self, code: &str) -> bool {
        self.entry(code).is_some()
    }

    /// The stored [`Layout::CODES_WITH`] column of `code` (None for a code only the import
    /// brings, or a layout without such a column).
    pub(crate) fn stored(&self, code: &str) -> Option<&str> {
        self.stored_of(self.entry(code)?)
    }

    /// The stored column of a code's `entry`.
    fn stored_of(&self, e: Entry) -> Option<&str> {
        let from = (e.from + e.len) as usize;
        (e.with != NONE).then(|| &self.codes.text[from..from + e.with as usize])
    }
}

/// The codes rows may refer to ([`Known`]): those already in `table` with its `with` column
/// (read inside the import's transaction, so that validation checks against what the rows
/// will be written next to) and those the import itself brings ([`codes_in`]).
fn known_codes<K: Layout>(
    tx: &Transaction<'_>,
    table: &'static str,
    typed: &[(K, RawTable)],
    kind: K,
    column: &str,
) -> rusqlite::Result<Known> {
    let with = K::CODES_WITH.unwrap_or("NULL");
    let owner = K::CODES_OWNER.unwrap_or("NULL");
    let mut st = tx.prepare(&format!("SELECT code, {with}, {owner} FROM {table}"))?;
    let mut known = Known::default();
    // Each owner's place in `known.owners`, by name (a few thousand investors).
    let mut places: HashMap<String, usize, DefaultHashBuilder> = HashMap::default();
    // The previous row's owner (a table's projects of one investor often come together).
    let mut last: Option<usize> = None;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let owner = r.get_ref(2)?.as_str_or_null()?.map(|name| {
            if let Some(at) = last.filter(|&at| known.owners()[at] == name) {
                return at;
            }
            if let Some(&at) = places.get(name) {
                return at;
            }
            let owners = &mut Arc::make_mut(&mut known.codes).owners;
            owners.push(name.to_owned());
            places.insert(name.to_owned(), owners.len() - 1);
            owners.len() - 1
        });
        last = owner.or(last);
        known.insert(
            r.get_ref(0)?.as_str()?,
            r.get_ref(1)?.as_str_or_null()?,
            owner,
        );
    }
    known.sort_owners();
    for code in codes_in(typed, kind, column) {
        known.insert(code, None, None);
    }
    Ok(known)
}

/// A validated row's records, the last carrying the row's natural key: a row of one record
/// (every layout's but a projects row's) holds it in place, no vector of its own (issue 27: a
/// week's file of 100,000 rows, an allocation and a pointer to follow a row less).
pub(crate) enum Records {
    One(Record),
    Many(Vec<Record>),
}

impl From<Record> for Records {
    fn from(record: Record) -> Self {
        Self::One(record)
    }
}

impl From<Vec<Record>> for Records {
    fn from(records: Vec<Record>) -> Self {
        Self::Many(records)
    }
}

impl std::ops::Deref for Records {
    type Target = [Record];

    fn deref(&self) -> &[Record] {
        match self {
            Self::One(record) => std::slice::from_ref(record),
            Self::Many(records) => records,
        }
    }
}

impl<'r> IntoIterator for &'r Records {
    type Item = &'r Record;
    type IntoIter = std::slice::Iter<'r, Record>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A validated row: its records, the last carrying the row's natural key.
type ValidRow = Records;

/// The natural key of a validated row (its last record's).
fn row_key(row: &[Record]) -> &[Value] {
    row.last().map_or(&[], |r| r.key.as_slice())
}

/// A hash of a layout's key, from its values in place (a text by its bytes, a number by its
/// bits, the two zeros alike): what [`validate`]'s duplicate check looks keys up by, no key
/// copied or rendered (issue 27).
fn key_hash<K: Layout>(state: &DefaultHashBuilder, kind: K, key: &[Value]) -> u64 {
    let mut h = state.build_hasher();
    kind.hash(&mut h);
    for v in key {
        match v {
            Value::Null => h.write_u8(0),
            Value::Integer(i) => {
                h.write_u8(1);
                h.write_i64(*i);
            }
            Value::Real(x) => {
                h.write_u8(2);
                h.write_u64(if *x == 0.0 { 0 } else { x.to_bits() });
            }
            Value::Text(t) => {
                h.write_u8(3);
                h.write(t.as_bytes());
                h.write_u8(0xff);
            }
            Value::Blob(b) => {
                h.write_u8(4);
                h.write(b);
                h.write_u8(0xff);
            }
        }
    }
    h.finish()
}

/// A row of a table to check: its layout, its table, its row number and its cells.
type RowAt<'t, K> = (K, &'t RawTable, usize, &'t [String]);

/// Where a checked row was read and what its key hashes to ([`key_hash`]).
struct Origin<'t, K> {
    kind: K,
    sheet: &'t Option<String>,
    row: usize,
    /// Its place among every table's rows, in file order.
    place: usize,
    hash: u64,
}

/// Rows checked by one parser ([`check_rows`]): the good rows' records with where each was
/// read, and the bad rows' problems, each with its row's place in file order.
struct Checked<'t, K> {
    records: Vec<ValidRow>,
    origin: Vec<Origin<'t, K>>,
    problems: Vec<RowProblem>,
    /// The place of each of `problems`' rows.
    places: Vec<usize>,
}

impl<K> Checked<'_, K> {
    fn with_capacity(rows: usize) -> Self {
        Self {
            records: Vec::with_capacity(rows),
            origin: Vec::with_capacity(rows),
            problems: Vec::new(),
            places: Vec::new(),
        }
    }
}

/// Checks `rows` (each with its place in file order) with `parse`, the duplicate keys left to
/// [`validate`].
fn check_rows<'t, K: Layout>(
    rows: impl Iterator<Item = (usize, RowAt<'t, K>)>,
    capacity: usize,
    known: &Known,
    state: &DefaultHashBuilder,
    parse: &mut impl FnMut(K, &mut RowCtx<'_>, &Known) -> Option<Records>,
) -> Checked<'t, K> {
    let mut out = Checked::with_capacity(capacity);
    for (place, (kind, table, row, cells)) in rows {
        let before = out.problems.len();
        let mut cx = RowCtx {
            sheet: &table.sheet,
            header: &table.header,
            row,
            cells,
            problems: &mut out.problems,
        };
        let parsed = parse(kind, &mut cx, known);
        if out.problems.len() > before {
            out.places.resize(out.problems.len(), place);
            continue;
        }
        let Some(recs) = parsed else { continue };
        out.origin.push(Origin {
            kind,
            sheet: &table.sheet,
            row,
            place,
            hash: key_hash(state, kind, row_key(&recs)),
        });
        out.records.push(recs);
    }
    out
}

/// From how many rows an import's rows are checked on two threads, when its importer can
/// ([`import_split`]).
const SPLIT_FROM: usize = 2 * CHUNK;

/// How many rows a thread checks at a time when two check an import's rows ([`validate`]).
const CHUNK: usize = 2048;

/// The rows from the `from`th to before the `to`th of every table, each with its place.
fn rows_in<K: Layout>(
    typed: &[(K, RawTable)],
    from: usize,
    to: usize,
) -> impl Iterator<Item = (usize, RowAt<'_, K>)> {
    let mut start = 0;
    typed.iter().flat_map(move |(kind, t)| {
        let first = start;
        start += t.rows.len();
        let lo = from.clamp(first, start) - first;
        let hi = to.clamp(first, start) - first;
        t.rows[lo..hi]
            .iter()
            .enumerate()
            .map(move |(i, (row, c))| (first + lo + i, (*kind, t, *row, &c[..])))
    })
}

/// Checks the chunks of [`CHUNK`] rows that `next` hands out (shared with the other thread),
/// each with its number, until every chunk of the `rows` is taken: a thread that gets no core
/// leaves the chunks to the other. `meanwhile`, if any, is given the records of the first chunk
/// checked and done before the next.
fn check_chunks<'t, K: Layout>(
    typed: &'t [(K, RawTable)],
    next: &AtomicUsize,
    rows: usize,
    known: &Known,
    state: &DefaultHashBuilder,
    parse: &mut impl FnMut(K, &mut RowCtx<'_>, &Known) -> Option<Records>,
    mut meanwhile: Option<impl FnOnce(&[ValidRow])>,
) -> Vec<(usize, Checked<'t, K>)> {
    let mut out = Vec::new();
    loop {
        let chunk = next.fetch_add(1, Ordering::Relaxed);
        let from = chunk.saturating_mul(CHUNK);
        if from >= rows {
            return out;
        }
        let to = (from + CHUNK).min(rows);
        let checked = check_rows(rows_in(typed, from, to), to - from, known, state, parse);
        if let Some(then) = meanwhile.take() {
            then(&checked.records);
        }
        out.push((chunk, checked));
    }
}

/// Nothing to do with a first chunk ([`check_chunks`]).
const NOTHING: Option<fn(&[ValidRow])> = None;

/// The environment variable that, set to `1`, has imports check their rows on one thread:
/// what a test sets to prove that an import's results do not depend on the threads.
pub const ONE_THREAD_ENV: &str = "GRDPSIM_IMPORT_ONE_THREAD";

/// Validates every row of every table: the records to write, row by row, or every problem in
/// file order (then nothing is written). `parse` turns a row into its records, the last
/// carrying the row's natural key; the same key twice in one import is a problem (which figure
/// would win is not the importer's to guess). With `second`, a large import's rows are checked
/// by two threads (`parse` on this one, `second` on another; issue 27), chunk by chunk as each
/// is free ([`check_chunks`]: a thread that waits for a core leaves the chunks to the other),
/// and the duplicate keys then looked for over every chunk in file order: the records
/// and the problems are those of one thread, which the environment's [`ONE_THREAD_ENV`]
/// forces. `meanwhile` is what this thread does with the first chunk's records it checked while
/// the other thread checks on (two threads only).
fn validate<K: Layout>(
    source_name: &str,
    typed: &[(K, RawTable)],
    known: &Known,
    mut parse: impl FnMut(K, &mut RowCtx<'_>, &Known) -> Option<Records>,
    second: Option<impl FnMut(K, &mut RowCtx<'_>, &Known) -> Option<Records> + Send>,
    meanwhile: Option<impl FnOnce(&[ValidRow])>,
) -> Result<Vec<ValidRow>> {
    let rows: usize = typed.iter().map(|(_, t)| t.rows.len()).sum();
    let state = DefaultHashBuilder::default();
    let second = second.filter(|_| {
        rows >= SPLIT_FROM && std::env::var_os(ONE_THREAD_ENV).is_none_or(|v| v != "1")
    });
    let checked = match second {
        Some(mut second) => {
            let next = AtomicUsize::new(0);
            let (mut mine, theirs) = std::thread::scope(|scope| {
                let (state, next, theirs) = (&state, &next, known.share());
                let helper = std::thread::Builder::new().spawn_scoped(scope, move || {
                    check_chunks(typed, next, rows, &theirs, state, &mut second, NOTHING)
                });
                let mine = check_chunks(typed, next, rows, known, state, &mut parse, meanwhile);
                // No thread: this one took every chunk.
                let theirs = helper.map_or_else(
                    |_| Vec::new(),
                    |thread| {
                        thread
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    },
                );
                (mine, theirs)
            });
            mine.extend(theirs);
            mine.sort_unstable_by_key(|(chunk, _)| *chunk);
            let mut all = Checked::with_capacity(rows);
            for (_, c) in mine {
                all.records.extend(c.records);
                all.origin.extend(c.origin);
                all.problems.extend(c.problems);
                all.places.extend(c.places);
            }
            all
        }
        None => check_rows(rows_in(typed, 0, rows), rows, known, &state, &mut parse),
    };
    // The rows by their key (keys compared in `records`), the first of a key kept.
    let Checked {
        records,
        origin,
        mut problems,
        mut places,
    } = checked;
    let mut seen: HashTable<usize> = HashTable::with_capacity(records.len());
    let mut twice = Vec::new();
    for (i, at) in origin.iter().enumerate() {
        let key = row_key(&records[i]);
        let same_key = |&j: &usize| origin[j].kind == at.kind && row_key(&records[j]) == key;
        if let Some(&first) = seen.find(at.hash, same_key) {
            let first = match &origin[first] {
                Origin {
                    sheet: Some(s),
                    row,
                    ..
                } => format!("sheet {s} row {row}"),
                Origin { row, .. } => format!("row {row}"),
            };
            twice.push((
                at.place,
                RowProblem {
                    sheet: at.sheet.clone(),
                    row: at.row,
                    column: at.kind.key_columns().join("+"),
                    value: render(key),
                    reason: format!("the same key as {first}: one figure per key"),
                },
            ));
        } else {
            seen.insert_unique(at.hash, i, |&j| origin[j].hash);
        }
    }
    if problems.is_empty() && twice.is_empty() {
        return Ok(records);
    }
    // Every problem in file order: a row has either its own problems or a duplicate key.
    let mut all_problems: Vec<(usize, RowProblem)> =
        places.drain(..).zip(problems.drain(..)).collect();
    all_problems.extend(twice);
    all_problems.sort_by_key(|(place, _)| *place);
    Err(GrdpsimError::ImportRejected {
        source_name: source_name.to_owned(),
        problems: all_problems.into_iter().map(|(_, p)| p).collect(),
    })
}

/// What the payments of `rows` (a first chunk checked) start from, for each payment source
/// they have, from its earliest week among them ([`WeekBases`]): from the source's latest
/// week as the previous import wrote it if it is in `latest` (`import_memo`), else read.
fn read_week_bases(
    tx: &Transaction<'_>,
    rows: &[ValidRow],
    latest: &mut Vec<LatestWeek>,
) -> rusqlite::Result<Vec<WeekBases>> {
    let mut earliest: Vec<(&str, &str)> = Vec::new();
    for rec in rows.iter().flat_map(|row| row.iter()) {
        if rec.spec.table != totals::TOTALLED_TABLE {
            continue;
        }
        let (Some(Value::Text(source)), Some(Value::Text(week))) =
            (rec.key.first(), rec.key.get(2))
        else {
            continue;
        };
        match earliest.iter_mut().find(|(s, _)| s == source) {
            Some((_, w)) if week.as_str() < *w => *w = week,
            Some(_) => {}
            None => earliest.push((source, week)),
        }
    }
    earliest
        .into_iter()
        .map(|(source, week)| WeekBases::start(tx, latest, source, week))
        .collect()
}

/// What an import did: the rows read from the file(s) (each inserted, updated or unchanged)
/// and, apart, the records written (a projects row that brings a new investor writes two).
/// `K` is the importer's layouts: [`crate::disbursement::ImportKind`],
/// [`crate::monitoring::MonitorImportKind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport<K> {
    pub source_name: String,
    /// The layouts found, in the order applied.
    pub kinds: Vec<K>,
    /// Rows read from the file(s): `inserted + updated + unchanged`.
    pub rows: usize,
    /// Rows whose own record (the last, with the row's natural key) is new.
    pub inserted: usize,
    /// Rows not new that changed a record.
    pub updated: usize,
    /// Rows that changed nothing.
    pub unchanged: usize,
    /// Records inserted or updated, over every table.
    pub records_written: usize,
}

/// Imports `tables` into `store` in one immediate transaction, all or nothing: classifies each
/// table by its header ([`classify`]), reads the codes rows may refer to inside the
/// transaction ([`Layout::CODES`]), validates every row with `parse` ([`validate`]: one bad row
/// rejects the whole import, every problem listed) and upserts the records, each change in the
/// audit trail under `who` and `source_name` with the import's start time. Importing the same
/// tables again changes nothing.
///
/// # Errors
/// [`GrdpsimError::ImportRejected`] listing every bad row (nothing is written);
/// [`GrdpsimError::Database`] if `SQLite` fails.
pub(crate) fn import_tables<K: Layout>(
    store: &mut Store,
    source_name: &str,
    tables: Vec<RawTable>,
    who: &str,
    parse: impl FnMut(K, &mut RowCtx<'_>, &Known) -> Option<Records>,
) -> Result<ImportReport<K>> {
    import_split(store, source_name, tables, who, parse, None::<OneParser<K>>)
}

/// No second parser ([`import_split`]).
type OneParser<K> = fn(K, &mut RowCtx<'_>, &Known) -> Option<Records>;

/// [`import_tables`] whose large imports check their rows on two threads, this one with
/// `parse` and another with `second` ([`validate`]): an importer whose parser keeps nothing from
/// row to row but caches gives each thread its own (issue 27).
///
/// # Errors
/// As [`import_tables`].
pub(crate) fn import_split<K: Layout>(
    store: &mut Store,
    source_name: &str,
    tables: Vec<RawTable>,
    who: &str,
    mut parse: impl FnMut(K, &mut RowCtx<'_>, &Known) -> Option<Records>,
    mut second: Option<impl FnMut(K, &mut RowCtx<'_>, &Known) -> Option<Records> + Send>,
) -> Result<ImportReport<K>> {
    let typed: Vec<(K, RawTable)> = classify(source_name, tables)?;
    let mut kinds: Vec<K> = typed.iter().map(|(k, _)| *k).collect();
    kinds.dedup();
    let rows = typed.iter().map(|(_, t)| t.rows.len()).sum();
    let (table, brings, column) = K::CODES;
    let cache = if rows >= LARGE_IMPORT {
        set_page_cache(store.connection(), -LARGE_IMPORT_CACHE_KIB)
    } else {
        None
    };
    let payments_only = only_payments(kinds.iter().map(|k| k.name()));
    let references = unchecked_references(store.connection(), payments_only);
    // A large import's file, rows and codes are freed on another thread, from the commit on
    // and after the import has returned (issue 27: some million allocations of a week's file,
    // which took the importing thread a tenth of its time to free); a small import, or one whose
    // thread could not be started, frees them in place (nothing receives them).
    let (bin, freed) = std::sync::mpsc::channel::<Box<dyn Send>>();
    if rows >= LARGE_IMPORT {
        let _ = std::thread::Builder::new().spawn(move || freed.into_iter().for_each(drop));
    }
    // A panic inside (a bug) rolls the transaction back while unwinding; the connection's
    // settings are put back before it goes on, so that the store's next writes keep their
    // foreign key checks.
    // What the previous import of payments alone read and wrote (taken out: any import ends
    // it, and only one of payments alone that commits keeps its own, `import_memo`).
    let mut memo = store.import_memo.take();
    let mut import = |store: &mut Store| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            store.write_checked(|tx| {
                let still_true = match memo.take() {
                    Some(memo) if payments_only => (*memo).still_true(tx)?,
                    _ => None,
                };
                let (known, mut latest) = match still_true {
                    Some(parts) => parts,
                    None => (known_codes(tx, table, &typed, brings, column)?, Vec::new()),
                };
                // While the other thread checks rows, a file of payments alone reads what its
                // appended rows start from (issue 27): in this transaction, which holds the
                // write lock (immediate) and has written nothing yet, so what it reads is what
                // the appends would read later (each source's before its own writes, which
                // change no other source's rows). A guess of each source's earliest week from
                // the first rows checked: a later earliest week is read again where it is used.
                let mut read_before = Ok(Vec::new());
                let meanwhile = payments_only.then_some(|rows: &[ValidRow]| {
                    read_before = read_week_bases(tx, rows, &mut latest);
                });
                let checked = validate(
                    source_name,
                    &typed,
                    &known,
                    &mut parse,
                    second.as_mut(),
                    meanwhile,
                );
                let read_before = read_before?;
                let records = match checked {
                    Ok(r) => r,
                    Err(e) => return Ok(Err(e)),
                };
                let at = now_utc();
                let stamp = Stamp {
                    at: &at,
                    who,
                    file: source_name,
                };
                let mut report = ImportReport {
                    source_name: source_name.to_owned(),
                    kinds: kinds.clone(),
                    rows,
                    inserted: 0,
                    updated: 0,
                    unchanged: 0,
                    records_written: 0,
                };
                // The stored investors of the projects are those read with them unless the import
                // brings projects rows (which may bring or move a project's investor).
                let owners =
                    (K::CODES_OWNER.is_some() && !kinds.contains(&brings)).then_some(&known);
                let latest = write_records(
                    tx,
                    &records,
                    &stamp,
                    &mut report,
                    owners,
                    &read_before,
                    &mut latest,
                )?;
                // Nothing receives them (a small import, no thread): freed here.
                let _ = bin.send(Box::new(records));
                // Kept for the next import of payments alone, with the store's state now that
                // everything is written (the commit changes neither).
                let kept = payments_only
                    .then(|| {
                        StoreState::read(tx).map(|state| ImportMemo {
                            state,
                            known,
                            latest,
                        })
                    })
                    .transpose()?;
                Ok(Ok((report, kept)))
            })
        }))
    };
    // A large import's checkpoint runs on another thread after its commit (issue 27).
    let out = if rows >= LARGE_IMPORT {
        store.with_deferred_checkpoint(import)
    } else {
        import(store)
    };
    restore_foreign_keys(store.connection(), references);
    if let Some(was) = cache {
        set_page_cache(store.connection(), was);
    }
    let _ = bin.send(Box::new(typed));
    let (report, kept) = out.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    store.import_memo = kept.map(Box::new);
    Ok(report)
}

/// From how many rows an import holds more of the store's pages in memory
/// ([`LARGE_IMPORT_CACHE_KIB`]).
const LARGE_IMPORT: usize = 4096;

/// The page cache of a large import, in KiB (`PRAGMA cache_size` of a negative number): a
/// week's file for the whole country changes every leaf page of the payments and of their
/// totals, far more than `SQLite`'s default cache of 2 MB holds, which then writes pages to the
/// journal before the commit and reads them back.
const LARGE_IMPORT_CACHE_KIB: i64 = 256 * 1024;

/// Sets the page cache of `conn` to `kib` KiB, returning what it was; a cache that cannot be
/// read or set leaves the import as it was (None).
fn set_page_cache(conn: &rusqlite::Connection, kib: i64) -> Option<i64> {
    swap_pragma(conn, "cache_size", kib)
}

/// Whether layouts (`layouts`, by name) all write only payments: an import of such files turns
/// off `SQLite`'s foreign key checks ([`unchecked_references`]) and keeps what it read and
/// wrote for the next (`import_memo`).
fn only_payments<'k>(layouts: impl IntoIterator<Item = &'k str>) -> bool {
    layouts
        .into_iter()
        .all(|name| name == totals::TOTALLED_TABLE)
}

/// Turns `SQLite`'s foreign key checks off on `conn` for an import of payments alone
/// (`payments_only`, [`only_payments`]), returning what they were, for
/// [`restore_foreign_keys`] once the import's transaction has ended, whatever it ended with
/// (rows refused, an error; its busy retries are inside it); None, leaving them as they are,
/// for any other import (or if the setting cannot be read or set). Such an import checks each
/// row's project itself, against the projects read inside the same transaction
/// (`store::import::Known`: an unknown project refuses the whole file), so `SQLite`'s check,
/// a seek of `projects` each payment row inserted, only repeats it; and nothing else such an
/// import writes has a reference or a trigger (the audit trail, the kept aggregates per
/// investor, the weeks reported). The setting can only change outside a transaction.
fn unchecked_references(conn: &rusqlite::Connection, payments_only: bool) -> Option<bool> {
    if payments_only {
        swap_pragma(conn, "foreign_keys", false)
    } else {
        None
    }
}

/// Puts the foreign key checks of `conn` back as [`unchecked_references`] found them.
fn restore_foreign_keys(conn: &rusqlite::Connection, was: Option<bool>) {
    if let Some(on) = was {
        swap_pragma(conn, "foreign_keys", on);
    }
}

/// Upserts validated rows of records, counted in `counts`: the stored rows read first (a
/// range scan for a table [`RANGE_SCANNED`], one lookup a record otherwise), a record equal to
/// its stored row skipped, each change audited with the same stamp ([`AuditBatch`]). The
/// payments' changes are written last, each row with its running total
/// ([`totals::write_payments`]).
fn write_records<K>(
    tx: &Transaction<'_>,
    rows: &[ValidRow],
    stamp: &Stamp<'_>,
    counts: &mut ImportReport<K>,
    owners: Option<&Known>,
    read_before: &[WeekBases],
    latest: &mut Vec<LatestWeek>,
) -> rusqlite::Result<Vec<LatestWeek>> {
    let mut stored = Stored::scan(tx, rows)?;
    let mut audit = AuditBatch::new();
    // The payment writes by payment source (a week's file alternates them row by row): handed
    // on grouped, sources in order, so the writing does not copy them to group them.
    let mut payments: Vec<Vec<PaymentWrite<'_>>> = Vec::new();
    let mut shared = HeldTexts::default();
    for row in rows {
        let (mut own, mut changed) = (Change::Unchanged, false);
        for rec in row {
            let old = stored.take(tx, rec)?;
            own = if old.as_ref() == Some(&rec.values) {
                Change::Unchanged
            } else {
                let payment = same(rec.spec.table, totals::TOTALLED_TABLE)
                    .then(|| payment_write(rec, old.as_deref(), &mut shared))
                    .flatten();
                match payment {
                    Some(p) => match payments.iter_mut().find(|of| same(of[0].source, p.source)) {
                        Some(of) => of.push(p),
                        None => payments.push(vec![p]),
                    },
                    // A record of another table (a payments record not of that shape would
                    // be refused by the column's NOT NULL: it has no cumulative).
                    None => stored.upsert(tx, rec)?,
                }
                changed = true;
                counts.records_written += 1;
                let change = if old.is_some() {
                    Change::Updated
                } else {
                    Change::Inserted
                };
                audit.push(rec.spec.table, &rec.key, old, &rec.values);
                change
            };
        }
        match own {
            Change::Inserted => counts.inserted += 1,
            _ if changed => counts.updated += 1,
            _ => counts.unchanged += 1,
        }
    }
    payments.sort_unstable_by_key(|of| of[0].source);
    let mut payments = payments.concat();
    // A large batch is rendered on another thread while the payments are written (issue 27:
    // some 5 MB of packed JSON a week's file, in the time of its inserts); a small one, or one
    // whose thread could not be started, here.
    let (rendered, written) = std::thread::scope(|scope| {
        let rendering = (audit.len() >= PACK_FROM)
            .then(|| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, || audit.render())
                    .ok()
            })
            .flatten();
        let written = totals::write_payments(tx, &mut payments, owners, read_before, latest);
        let rendered = match rendering {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => audit.render(),
        };
        (rendered, written)
    });
    let latest = written?;
    rendered
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
        .write(tx, stamp)?;
    Ok(latest)
}

enum Change {
    Inserted,
    Updated,
    Unchanged,
}

/// Who changes the store, when, from which file.
pub(crate) struct Stamp<'a> {
    pub at: &'a str,
    pub who: &'a str,
    pub file: &'a str,
}

/// Tables whose stored rows an import of many records reads by one range scan of an index
/// per value of its leading columns (here the payments' key, source and week first since schema
/// 10: a week's file is one scan of its source's week) instead of one lookup per record, with
/// those columns.
const RANGE_SCANNED: &[(&str, &[&str])] = &[("payments", &["source", "week_ending"])];

/// From how many records of a table an import reads its stored rows by range scans (a few
/// rows entered on the web page look each one up).
const SCAN_FROM: usize = 256;

/// The stored rows an import compares its records with: those read by range scans, by table
/// and rendered key, and each table's statements.
struct Stored {
    scanned: HashMap<&'static str, HashMap<String, Vec<Value>>>,
    sql: HashMap<&'static str, (String, String)>,
}

impl Stored {
    /// Reads the stored rows of the range-scanned tables that `rows` has many records of.
    fn scan(tx: &Transaction<'_>, rows: &[ValidRow]) -> rusqlite::Result<Self> {
        let mut scanned = HashMap::new();
        for (table, by) in RANGE_SCANNED {
            // Walked once in place, nothing collected (a week's file: 100,000 records).
            let records = rows
                .iter()
                .flat_map(|row| row.iter())
                .filter(|r| same(r.spec.table, table));
            let (spec, groups, count) = groups_of(records, by);
            if let Some(spec) = spec.filter(|_| count >= SCAN_FROM) {
                scanned.insert(*table, scan_table(tx, spec, &groups, count, by)?);
            }
        }
        Ok(Self {
            scanned,
            sql: HashMap::new(),
        })
    }

    /// The select-by-key and the upsert of a spec's table.
    fn sql(&mut self, spec: &'static TableSpec) -> &(String, String) {
        self.sql
            .entry(spec.table)
            .or_insert_with(|| statements(spec))
    }

    /// The stored values of `rec`: from the scan if its table was scanned (taken out: a key
    /// comes once an import), else looked up.
    fn take(&mut self, tx: &Transaction<'_>, rec: &Record) -> rusqlite::Result<Option<Vec<Value>>> {
        if let Some(rows) = self.scanned.get_mut(rec.spec.table) {
            // A new week's file finds nothing stored: no key to render.
            return Ok(if rows.is_empty() {
                None
            } else {
                rows.remove(&render(&rec.key))
            });
        }
        let select = &self.sql(rec.spec).0;
        tx.prepare_cached(select)?
            .query_row(params_from_iter(rec.key.iter()), |r| {
                (0..rec.spec.values.len())
                    .map(|i| r.get::<_, Value>(i))
                    .collect()
            })
            .optional()
    }
}

impl Stored {
    /// Writes `rec` (inserted, or its values replaced) with its table's upsert, the parameters
    /// bound one by one on the connection's cached statement.
    fn upsert(&mut self, tx: &Transaction<'_>, rec: &Record) -> rusqlite::Result<()> {
        let mut st = tx.prepare_cached(&self.sql(rec.spec).1)?;
        for (i, v) in rec.key.iter().chain(rec.values.iter()).enumerate() {
            st.raw_bind_parameter(i + 1, v)?;
        }
        st.raw_execute()?;
        Ok(())
    }
}

/// The values of the leading key columns `by` that `records` (of one table) hold, each once,
/// with the table's spec (None without a record) and how many records there are.
fn groups_of<'r>(
    records: impl Iterator<Item = &'r Record>,
    by: &[&str],
) -> (Option<&'static TableSpec>, Vec<Vec<Value>>, usize) {
    let (mut spec, mut count) = (None, 0);
    let mut at: Vec<usize> = Vec::new();
    let mut seen = HashSet::new();
    let mut groups: Vec<Vec<Value>> = Vec::new();
    for rec in records {
        count += 1;
        if spec.is_none() {
            spec = Some(rec.spec);
            at = by
                .iter()
                .filter_map(|c| rec.spec.keys.iter().position(|k| k == c))
                .collect();
        }
        let in_group = |g: &Vec<Value>| at.iter().zip(g).all(|(&i, v)| rec.key.get(i) == Some(v));
        // Rows of one group come together, or alternate between a few (a week's file of both
        // payment sources): only a group other than the latest four is looked up.
        if groups.iter().rev().take(4).any(in_group) {
            continue;
        }
        let group: Vec<Value> = at.iter().filter_map(|&i| rec.key.get(i).cloned()).collect();
        if seen.insert(render(&group)) {
            groups.push(group);
        }
    }
    (spec, groups, count)
}

/// The stored rows (rendered key to values) of each of `groups` (values of the leading key
/// columns `by`) of a table that an import brings `count` records of, one range scan each.
fn scan_table(
    tx: &Transaction<'_>,
    spec: &TableSpec,
    groups: &[Vec<Value>],
    count: usize,
    by: &[&str],
) -> rusqlite::Result<HashMap<String, Vec<Value>>> {
    let where_by = by
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    let n_keys = spec.keys.len();
    let sql = format!(
        "SELECT {}, {} FROM {} WHERE {where_by}",
        spec.keys.join(", "),
        spec.values.join(", "),
        spec.table
    );
    let mut st = tx.prepare(&sql)?;
    let mut out = HashMap::new();
    for group in groups {
        let mut q = st.query(params_from_iter(group.iter()))?;
        while let Some(r) = q.next()? {
            // The key rendered from the row in place (no value a key column).
            let key = render_refs((0..n_keys).map(|i| r.get_ref(i)))?;
            let values = (n_keys..n_keys + spec.values.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<Value>>>()?;
            if out.is_empty() {
                // Room for every record's row once one is stored (a file imported again, a
                // week corrected); none taken for a new week.
                out.reserve(count);
            }
            out.insert(key, values);
        }
    }
    Ok(out)
}

/// The select-by-key and the upsert of a spec's table. Identifiers come from the constant
/// specs; every value is a bound parameter.
fn statements(spec: &TableSpec) -> (String, String) {
    let where_key = spec
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    let select = format!(
        "SELECT {} FROM {} WHERE {where_key}",
        spec.values.join(", "),
        spec.table
    );
    let cols: Vec<&str> = spec.keys.iter().chain(spec.values).copied().collect();
    let placeholders = (1..=cols.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let updates = spec
        .values
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let insert = format!(
        "INSERT INTO {} ({}) VALUES ({placeholders}) ON CONFLICT ({}) DO UPDATE SET {updates}",
        spec.table,
        cols.join(", "),
        spec.keys.join(", ")
    );
    (select, insert)
}

/// A payments record to write: key (source, project, week ending, capital source) and amount,
/// before and now (the source and the week as `shared` holds them).
fn payment_write<'r>(
    rec: &'r Record,
    old: Option<&[Value]>,
    shared: &mut HeldTexts<'r>,
) -> Option<PaymentWrite<'r>> {
    let text = |v: Option<&'r Value>| match v {
        Some(Value::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    let amount = |v: Option<&Value>| match v {
        Some(Value::Real(x)) => Some(*x),
        #[allow(clippy::cast_precision_loss)]
        Some(Value::Integer(i)) => Some(*i as f64),
        _ => None,
    };
    Some(PaymentWrite {
        source: shared.get(text(rec.key.first())?),
        project: text(rec.key.get(1))?,
        week_ending: shared.get(text(rec.key.get(2))?),
        capital_source: text(rec.key.get(3))?,
        old: old.and_then(|o| amount(o.first())),
        amount: amount(rec.values.first())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disbursement::ImportKind;
    use crate::io::tables::read_csv_text;

    fn cache_size(conn: &rusqlite::Connection) -> i64 {
        conn.query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap()
    }

    /// Known codes held in one text: each code found with its own stored column and owner
    /// (none for a code only the import brings; the owners sorted by name, each code's place
    /// renumbered), a code added twice keeps what it was first given, and a prefix or an
    /// extension of a code is not that code.
    #[test]
    fn known_codes_are_found_with_their_own_stored_column() {
        // Owners read in another order than their names': Z, M, A.
        let mut known = Known {
            codes: Arc::new(Codes {
                owners: ["Z", "M", "A"].map(str::to_owned).to_vec(),
                ..Codes::default()
            }),
            ..Known::default()
        };
        for i in 0..1000 {
            known.insert(
                &format!("DA-{i}"),
                Some(&format!("S{}", i % 7)),
                Some(i % 3),
            );
        }
        known.sort_owners();
        known.insert("DA-5", None, None);
        known.insert("NEW", None, None);
        known.insert("EMPTY", Some(""), None);
        assert_eq!(known.owners(), ["A", "M", "Z"]);
        for i in [0, 5, 999] {
            let code = format!("DA-{i}");
            assert!(known.contains(&code));
            assert_eq!(known.stored(&code), Some(format!("S{}", i % 7).as_str()));
            let owner = known.owner(&code).map(|o| known.owners()[o].as_str());
            assert_eq!(owner, Some(["Z", "M", "A"][i % 3]), "{code}");
        }
        assert!(known.contains("NEW"));
        assert_eq!(known.stored("NEW"), None);
        assert_eq!(known.owner("NEW"), None);
        assert_eq!(known.stored("EMPTY"), Some(""));
        for absent in ["DA-", "DA-1000", "DA-99 ", "new", ""] {
            assert!(!known.contains(absent), "{absent:?}");
            assert_eq!(known.stored(absent), None);
            assert_eq!(known.owner(absent), None);
        }
    }

    #[test]
    fn a_large_import_s_page_cache_is_set_and_then_set_back() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let default = cache_size(&conn);
        assert_eq!(
            set_page_cache(&conn, -LARGE_IMPORT_CACHE_KIB),
            Some(default)
        );
        assert_eq!(cache_size(&conn), -256 * 1024);
        assert_eq!(set_page_cache(&conn, default), Some(-256 * 1024));
        assert_eq!(cache_size(&conn), default);
    }

    #[test]
    fn a_panic_in_an_import_puts_the_connection_s_settings_back() {
        let mut store = Store::open_in_memory().unwrap();
        let cache = cache_size(store.connection());
        // A file of payments alone (foreign keys off) and large (the page cache raised).
        let csv = "project,week_ending,source,amount\n".to_owned()
            + &"P1,2025-01-03,treasury,1\n".repeat(LARGE_IMPORT);
        let table = read_csv_text("payments.csv", &csv).unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            import_tables::<ImportKind>(
                &mut store,
                "payments.csv",
                vec![table],
                "test",
                |_, _, _| panic!("a bug in a row's parser"),
            )
        }));
        assert!(panicked.is_err());
        assert!(foreign_keys_on(&store));
        assert_eq!(cache_size(store.connection()), cache);
    }

    fn foreign_keys_on(store: &Store) -> bool {
        store
            .connection()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap()
    }

    /// A payment of a project not in `projects`, written as a plain write.
    fn pay_unknown(store: &mut Store) -> Result<()> {
        store.write(|tx| {
            tx.execute(
                "INSERT INTO payments VALUES ('treasury', 'NONE', '2025-01-03', 'NSDP', 1, 1)",
                [],
            )
            .map(drop)
        })
    }

    /// Imports a payments file of `project` through the importer (each row's project checked
    /// against the known ones, as the disbursement importer does; nothing written).
    fn import_payments(store: &mut Store, project: &str) -> Result<()> {
        let csv = format!("project,week_ending,source,amount\n{project},2025-01-03,treasury,1\n");
        let table = read_csv_text("payments.csv", &csv).unwrap();
        import_tables::<ImportKind>(
            store,
            "payments.csv",
            vec![table],
            "test",
            |_, cx, known| cx.project(known).map(|_| Vec::new().into()),
        )
        .map(drop)
    }

    #[test]
    fn a_payments_import_puts_foreign_keys_back_whatever_it_ends_with() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write(|tx| {
                tx.execute_batch(
                    "INSERT INTO investors VALUES ('I1', 'Investor');
                     INSERT INTO projects (code, name, investor, capital_source)
                     VALUES ('P1', 'Project', 'I1', 'NSDP');",
                )
            })
            .unwrap();
        assert!(foreign_keys_on(&store));
        import_payments(&mut store, "P1").unwrap();
        assert!(foreign_keys_on(&store));
        // An unknown project is refused by the import's own check, and the checks are back.
        let refused = import_payments(&mut store, "NONE");
        assert!(matches!(refused, Err(GrdpsimError::ImportRejected { .. })));
        assert!(foreign_keys_on(&store));
        // Off between the two calls; a write that fails there leaves them on after.
        let was = unchecked_references(store.connection(), only_payments(["payments"]));
        assert_eq!(was, Some(true));
        assert!(!foreign_keys_on(&store));
        let failed = store.write(|tx| tx.execute("INSERT INTO no_such_table VALUES (1)", []));
        assert!(matches!(failed, Err(GrdpsimError::Database { .. })));
        restore_foreign_keys(store.connection(), was);
        assert!(foreign_keys_on(&store));
        // And the store refuses a payment of an unknown project outside an import.
        assert!(matches!(
            pay_unknown(&mut store),
            Err(GrdpsimError::Database { .. })
        ));
    }

    #[test]
    fn an_import_of_other_tables_keeps_foreign_keys() {
        let store = Store::open_in_memory().unwrap();
        let was = unchecked_references(store.connection(), only_payments(["payments", "projects"]));
        assert_eq!(was, None);
        assert!(foreign_keys_on(&store));
    }
}
