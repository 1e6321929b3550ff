//! The forms of a department's page: its monthly report, its tasks' progress and the upload
//! of the monitoring layouts, each limited to the department's own indicators and tasks (a
//! hidden field or an uploaded row naming another department's is refused, 403) and written
//! through the monitoring import (all or nothing, audited under the account's name).

use axum::extract::Multipart;

use super::department::{
    department_page, own_indicators, own_tasks, read_department, same_department, with_department,
    DepartmentData,
};
use super::entries::saved_text;
use super::prelude::*;
use super::upload::{no_file, read_multipart, read_upload};
use crate::date::Month;
use crate::error::RowProblem;
use crate::io::tables::RawTable;
use crate::monitoring::{
    Date, Monitor, MonitorImportKind, MonitorImportReport, Quantity, Task, TaskStatus,
    TASK_COLUMNS, VALUE_COLUMNS,
};
use crate::store::import::Layout;

/// The statuses a task's form offers, in the order a task goes through them.
const STATUSES: [TaskStatus; 3] = TaskStatus::ALL;

/// What a form did.
pub(super) enum Done {
    /// Saved: what the page says.
    Saved(String),
    /// Refused for a field's value, in the page's language (422).
    Refused(String),
    /// Refused for the account: another department's indicator, task or row (403).
    Forbidden(String),
}

/// "Saved: 1 new, 0 changed, 0 unchanged".
pub(super) fn saved(lang: Lang, r: &MonitorImportReport) -> Done {
    Done::Saved(saved_text(lang, r.inserted, r.updated, r.unchanged))
}

/// A figure typed in a form, read as the page writes numbers ([`Lang::parse_number`]: `1.250,5`
/// or `1250.5` on a Vietnamese page), as the import's plain figure; empty stays empty.
pub(super) fn figure_cell(typed: &str, lang: Lang) -> Result<String, String> {
    Ok(typed_figure(typed, lang)?
        .map(|x| x.to_string())
        .unwrap_or_default())
}

/// A figure typed in a form (None where blank), or why not in the page's language, naming
/// what was typed.
fn typed_figure(typed: &str, lang: Lang) -> Result<Option<f64>, String> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    lang.parse_number(typed)
        .map(Some)
        .map_err(|e| format!("{typed:?}: {}", e.message(lang)))
}

/// The statuses the task forms offer, each with its label in `lang`.
pub(super) fn status_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    STATUSES
        .iter()
        .map(|s| (s.as_str(), s.label(lang)))
        .collect()
}

/// The status, the date done and the result (kept where blank) typed in a task's form (a
/// department's progress, the Office's assignment), set on `task`; or the refusal of the
/// first that is not read, in the page's language.
pub(super) fn typed_progress(task: &mut Task, f: &Fields, lang: Lang) -> Result<(), Done> {
    task.status = STATUSES
        .into_iter()
        .find(|s| s.as_str() == field(f, "status"))
        .ok_or_else(|| Done::Refused(LoopMsg::NotAStatus.text(lang).to_owned()))?;
    task.done_on = done_on_field(f, lang)?;
    let result = field(f, "result");
    if !result.is_empty() {
        result.clone_into(&mut task.result);
    }
    Ok(())
}

/// The date a task was done, typed in the form's `done_on` (None where blank), or the refusal
/// naming what was typed, in the page's language.
fn done_on_field(f: &Fields, lang: Lang) -> Result<Option<Date>, Done> {
    let done_on = field(f, "done_on");
    match done_on.parse::<Date>() {
        Ok(d) => Ok(Some(d)),
        Err(_) if done_on.is_empty() => Ok(None),
        Err(_) => Err(Done::Refused(format!(
            "{done_on:?}: {}",
            LoopMsg::NotADate.text(lang)
        ))),
    }
}

/// The import's verdict on a form's row: saved, or its problems (the import's words).
pub(super) fn imported(
    m: &mut Monitor,
    lang: Lang,
    form: &str,
    table: RawTable,
    who: &str,
) -> Result<Done, GrdpsimError> {
    match m.import_tables(&format!("web form {form}"), vec![table], who) {
        Ok(r) => Ok(saved(lang, &r)),
        Err(GrdpsimError::ImportRejected { problems, .. }) => {
            Ok(Done::Refused(problems_text(&problems, lang)))
        }
        Err(e) => Err(e),
    }
}

/// Each problem as "Sheet, Row 3, indicator (\"XNK\"): why", in the page's language.
fn problems_text(problems: &[RowProblem], lang: Lang) -> String {
    problems
        .iter()
        .map(|p| {
            let sheet = p
                .sheet
                .as_deref()
                .map(|s| format!("{s}, "))
                .unwrap_or_default();
            let row = Msg::Row.text(lang);
            format!(
                "{sheet}{row} {}, {} ({:?}): {}",
                p.row,
                p.column,
                p.value,
                p.reason_in(lang)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The page again after a form, or the refusal.
fn answer(state: &Shared, auth: &Auth, out: Result<(DepartmentData, Done), Response>) -> Response {
    match out {
        Ok((d, Done::Saved(m))) => department_page(state, auth, &d, &Some((true, m))),
        Ok((d, Done::Refused(m))) => department_page(state, auth, &d, &Some((false, m))),
        Ok((_, Done::Forbidden(m))) => forbidden(auth.lang, &m),
        Err(r) => r,
    }
}

/// The report row of the form `f` for `department`, checked in the page's language.
fn report_row(
    m: &Monitor,
    department: &str,
    f: &Fields,
    lang: Lang,
) -> Result<Result<RawTable, Done>, GrdpsimError> {
    let indicator = field(f, "indicator");
    if !own_indicators(m, department)?
        .iter()
        .any(|i| i.code == indicator)
    {
        return Ok(Err(Done::Forbidden(format!(
            "{indicator}: {}",
            LoopMsg::NotYourIndicator.text(lang)
        ))));
    }
    let month = field(f, "month");
    if !month.parse::<Month>().is_ok_and(|x| x.year() == m.year()) {
        return Ok(Err(Done::Refused(format!(
            "{month:?}: {}",
            LoopMsg::NotAMonth.text(lang)
        ))));
    }
    let mut cells = vec![indicator.to_owned(), month.to_owned()];
    for name in ["value", "cumulative", "yoy_pct"] {
        match figure_cell(field(f, name), lang) {
            Ok(c) => cells.push(c),
            Err(why) => return Ok(Err(Done::Refused(why))),
        }
    }
    cells.push(field(f, "note").to_owned());
    Ok(Ok(RawTable::from_rows(None, &VALUE_COLUMNS, vec![cells])))
}

/// The monthly report form: one monthly value of the department's own indicator.
pub(super) async fn report(
    State(state): State<Shared>,
    auth: Auth,
    Path(code): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    save_form(state, auth, code, f, report_row, "report").await
}

/// The row a department's form `f` makes (or why none), as [`report_row`] and
/// [`progress_row`] read it.
type RowOf = fn(&Monitor, &str, &Fields, Lang) -> Result<Result<RawTable, Done>, GrdpsimError>;

/// Saves the row that `row` makes of the department's form `f` (named `form` in the audit
/// trail) and shows the department's page again, with what was saved or why not.
async fn save_form(
    state: Shared,
    auth: Auth,
    code: String,
    f: Fields,
    row: RowOf,
    form: &'static str,
) -> Response {
    if let Err(r) = auth.check_csrf(&f) {
        return r;
    }
    let (lang, who, s) = (auth.lang, auth.account.name.clone(), state.clone());
    let out = with_department(&state, &auth, code, true, move |m, d| {
        let done = match row(m, &d, &f, lang)? {
            Ok(table) => imported(m, lang, form, table, &who)?,
            Err(done) => done,
        };
        Ok((read_department(m, &s, d)?, done))
    })
    .await;
    answer(&state, &auth, out)
}

/// The task row of the progress form `f`: the department's own task with its status, done,
/// total, date done and result as typed.
fn progress_row(
    m: &Monitor,
    department: &str,
    f: &Fields,
    lang: Lang,
) -> Result<Result<RawTable, Done>, GrdpsimError> {
    let code = field(f, "task");
    let Some(mut task) = own_tasks(m, department)?
        .into_iter()
        .find(|t| t.code == code)
    else {
        return Ok(Err(Done::Forbidden(format!(
            "{code}: {}",
            LoopMsg::NotYourTask.text(lang)
        ))));
    };
    if let Err(refused) = typed_progress(&mut task, f, lang) {
        return Ok(Err(refused));
    }
    let number = |name: &str| typed_figure(field(f, name), lang).map_err(Done::Refused);
    let (done, total) = match (number("done"), number("total")) {
        (Ok(d), Ok(t)) => (d, t),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let unit = task
        .quantity
        .as_ref()
        .map(|q| q.unit.clone())
        .unwrap_or_default();
    match (done, total.or(task.quantity.as_ref().map(|q| q.total))) {
        (Some(done), Some(total)) => task.quantity = Some(Quantity { done, total, unit }),
        (Some(_), None) => {
            return Ok(Err(Done::Refused(
                LoopMsg::DoneNeedsTotal.text(lang).to_owned(),
            )))
        }
        (None, _) => {}
    }
    Ok(Ok(RawTable::from_rows(
        None,
        &TASK_COLUMNS,
        vec![task.to_row()],
    )))
}

/// The progress form: done, total, status and result of the department's own task.
pub(super) async fn progress(
    State(state): State<Shared>,
    auth: Auth,
    Path(code): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    save_form(state, auth, code, f, progress_row, "task progress").await
}

/// The rows of `tables` that are not the department's own: an indicator or task of another
/// department, a target or monthly value of another department's indicator.
fn foreign_rows(
    m: &Monitor,
    department: &str,
    tables: &[RawTable],
    lang: Lang,
) -> Result<Vec<RowProblem>, GrdpsimError> {
    let own: HashSet<String> = own_indicators(m, department)?
        .into_iter()
        .map(|i| i.code)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let header: Vec<String> = t.header.iter().map(|h| h.trim().to_lowercase()).collect();
        let (column, by_department, why) = match MonitorImportKind::detect(&header) {
            Some(MonitorImportKind::Tasks) => ("department", true, LoopMsg::NotYourTask),
            Some(MonitorImportKind::Indicators) => ("department", true, LoopMsg::NotYourIndicator),
            Some(MonitorImportKind::Targets | MonitorImportKind::MonthlyValues) => {
                ("indicator", false, LoopMsg::NotYourIndicator)
            }
            None => continue,
        };
        let Some(at) = header.iter().position(|h| h == column) else {
            continue;
        };
        for (row, cells) in &t.rows {
            let value = cells.get(at).map_or("", |s| s.trim());
            let mine = if by_department {
                same_department(value, department)
            } else {
                own.contains(value)
            };
            if !mine {
                out.push(RowProblem {
                    sheet: t.sheet.clone(),
                    row: *row,
                    column: column.into(),
                    value: value.into(),
                    reason: why.text(lang).into(),
                });
            }
        }
    }
    Ok(out)
}

pub(super) async fn upload(
    State(state): State<Shared>,
    auth: Auth,
    Path(code): Path<String>,
    mut mp: Multipart,
) -> Response {
    let lang = auth.lang;
    let (fields, file) = read_multipart(&mut mp).await;
    if let Err(r) = auth.check_csrf(&fields) {
        return r;
    }
    let Some((fname, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return no_file(lang);
    };
    // Read before the store is taken, as every upload.
    let parsed = tokio::task::spawn_blocking(move || {
        let tables = read_upload(&fname, bytes);
        (fname, tables)
    })
    .await;
    let Ok((fname, tables)) = parsed else {
        return failed(lang);
    };
    let (who, s) = (auth.account.name.clone(), state.clone());
    let out = with_department(&state, &auth, code, true, move |m, d| {
        let done = match tables {
            Err(e) => Done::Refused(e.message(lang)),
            Ok(tables) => {
                let foreign = foreign_rows(m, &d, &tables, lang)?;
                if foreign.is_empty() {
                    match m.import_tables(&fname, tables, &who) {
                        Ok(r) => saved(lang, &r),
                        Err(GrdpsimError::ImportRejected { problems, .. }) => {
                            Done::Refused(problems_text(&problems, lang))
                        }
                        Err(e) => return Err(e),
                    }
                } else {
                    Done::Forbidden(format!(
                        "{} {}",
                        Msg::TheFileWasRejectedWholeNothing.text(lang),
                        problems_text(&foreign, lang)
                    ))
                }
            }
        };
        Ok((read_department(m, &s, d)?, done))
    })
    .await;
    answer(&state, &auth, out)
}
