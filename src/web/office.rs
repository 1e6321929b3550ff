//! The Office of the People's Committee (`/office`): every task with its warning as of the
//! pages' date (rule 6's own findings: amber before a due date, red after), the forms to
//! create a task (a date, a recurrence from its first due date, or an event with its expected
//! date; an optional quantity) and to assign, reassign or close one, and every finding of the
//! latest month recorded. The Office and the administrator write; a leader and a reader read.

use super::department::{deadline_text, split_outcome};
use super::department_forms::{figure_cell, imported, status_options, typed_progress, Done};
use super::prelude::*;
use super::respond::on_monitor;
use crate::io::tables::RawTable;
use crate::monitoring::{Context, Date, Monitor, Recurrence, Rule, Task, TASK_COLUMNS};

speaks!(OfficePage);

/// The recurrences the form offers (the tasks layout reads others from files too).
const RECURRENCES: [Recurrence; 4] = [
    Recurrence::EveryWeeks(1),
    Recurrence::EveryWeeks(2),
    Recurrence::EveryWeeks(4),
    Recurrence::MonthlyBy(25),
];

/// A task with its warning, as the page writes it.
struct TaskRow {
    code: String,
    section: String,
    title: String,
    owner: String,
    deadline: String,
    status: &'static str,
    /// `red`, `amber` or empty.
    class: &'static str,
    warning: String,
}

/// The Office's page body (`templates/office.html`).
#[derive(Template)]
#[template(path = "office.html")]
struct OfficePage<'a> {
    lang: Lang,
    writes: bool,
    csrf: &'a str,
    done: Option<&'a str>,
    refused: Option<&'a str>,
    as_of: Date,
    tasks: Vec<TaskRow>,
    departments: Vec<String>,
    recurrences: Vec<(String, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    findings_month: String,
    /// Every finding of the month recorded: class, subject, responsible, statement.
    findings: Vec<[String; 4]>,
}

/// What the page shows, read in one go.
struct OfficeData {
    as_of: Date,
    tasks: Vec<Task>,
    /// Each task's warning today: its code, severity class and message.
    warnings: Vec<(String, &'static str, crate::monitoring::Message)>,
    departments: Vec<String>,
    findings_month: Option<crate::date::Month>,
    findings: Vec<crate::monitoring::Finding>,
}

fn read_office(m: &Monitor, state: &AppState) -> Result<OfficeData, GrdpsimError> {
    let t = m.tracker();
    let as_of = as_of(&t)?;
    let month = crate::date::Month::of(as_of);
    let cx = Context {
        scenario: None,
        as_of: Some(as_of),
    };
    let warnings = m
        .evaluate(month, &state.options.policy, &cx)?
        .findings
        .into_iter()
        .filter(|f| f.rule == Rule::TaskDue)
        .map(|f| {
            let code = f.subject.trim_start_matches("task:").to_owned();
            let code = code.split('@').next().unwrap_or_default().to_owned();
            (code, f.severity.as_str(), f.message)
        })
        .collect();
    let findings_month = m.latest_recorded_month()?;
    let findings = match &findings_month {
        Some(month) => m.recorded(*month, &state.options.policy)?.findings,
        None => Vec::new(),
    };
    Ok(OfficeData {
        as_of,
        tasks: m.tasks()?,
        warnings,
        departments: accounts::departments(&t)?,
        findings_month,
        findings,
    })
}

fn office_page(auth: &Auth, d: &OfficeData, outcome: Option<&(bool, String)>) -> Response {
    let lang = auth.lang;
    let (done, refused) = split_outcome(outcome);
    let tasks = d
        .tasks
        .iter()
        .map(|t| {
            let mine: Vec<_> = d.warnings.iter().filter(|w| w.0 == t.code).collect();
            let red = mine.iter().any(|w| w.1 == "red");
            TaskRow {
                code: t.code.clone(),
                section: t.section.clone(),
                title: t.title.clone(),
                owner: t.department.clone(),
                deadline: deadline_text(&t.deadline, lang),
                status: t.status.label(lang),
                class: match (red, mine.is_empty()) {
                    (true, _) => "red",
                    (false, false) => "amber",
                    (false, true) => "",
                },
                warning: mine
                    .iter()
                    .map(|w| w.2.text(lang))
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect();
    let body = OfficePage {
        lang,
        writes: matches!(auth.account.role, Role::Office | Role::Admin),
        csrf: &auth.csrf,
        done,
        refused,
        as_of: d.as_of,
        tasks,
        departments: d.departments.clone(),
        recurrences: RECURRENCES
            .iter()
            .map(|r| (r.as_text(), r.label(lang)))
            .collect(),
        statuses: status_options(lang),
        findings_month: d.findings_month.map(|m| m.to_string()).unwrap_or_default(),
        findings: d
            .findings
            .iter()
            .map(|f| {
                [
                    f.severity.as_str().to_owned(),
                    f.subject.clone(),
                    f.responsible.clone(),
                    f.statement(lang),
                ]
            })
            .collect(),
    };
    let mut r = auth.page(LoopMsg::TheOffice.text(lang), &render(&body));
    if refused.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

pub(super) async fn office(State(state): State<Shared>, auth: Auth) -> Response {
    let lang = auth.lang;
    if matches!(
        auth.account.role,
        Role::Investor | Role::Treasury | Role::Department
    ) {
        return forbidden(lang, LoopMsg::OnlyTheOffice.text(lang));
    }
    let s = state.clone();
    match read_monitor(&state, lang, move |m| read_office(m, &s)).await {
        Ok(d) => office_page(&auth, &d, None),
        Err(r) => r,
    }
}

/// A task's row of the tasks layout from a form, or why not; an error of the store.
type TaskRowOrNot = Result<Result<Vec<String>, Done>, GrdpsimError>;

/// How a form's fields make a task's row.
type RowOfForm = fn(&Monitor, &Fields, Lang) -> TaskRowOrNot;

/// Runs a task form's change for the Office (or the administrator) and shows the page again.
async fn write_task(state: Shared, auth: Auth, f: Fields, row: RowOfForm) -> Response {
    if let Err(r) = auth.check_csrf(&f) {
        return r;
    }
    let lang = auth.lang;
    if !matches!(auth.account.role, Role::Office | Role::Admin) {
        return forbidden(lang, LoopMsg::OnlyTheOffice.text(lang));
    }
    let (who, s) = (auth.account.name.clone(), state.clone());
    let out = on_monitor(&state, lang, move |m| {
        let done = match row(m, &f, lang)? {
            Ok(cells) => {
                let table = RawTable::from_rows(None, &TASK_COLUMNS, vec![cells]);
                imported(m, lang, "task", table, &who)?
            }
            Err(done) => done,
        };
        Ok((read_office(m, &s)?, done))
    })
    .await;
    match out {
        Ok((d, Done::Saved(m))) => office_page(&auth, &d, Some(&(true, m))),
        Ok((d, Done::Refused(m) | Done::Forbidden(m))) => office_page(&auth, &d, Some(&(false, m))),
        Err(r) => r,
    }
}

/// A new task's row from the creation form: its deadline by the kind chosen (the import
/// checks the rest). Its signature is every task form's ([`RowOfForm`]).
#[allow(clippy::unnecessary_wraps)]
fn new_task_row(_: &Monitor, f: &Fields, lang: Lang) -> TaskRowOrNot {
    let (deadline, start, expected) = match field(f, "kind") {
        "date" => (field(f, "date"), "", ""),
        "recurring" => (field(f, "recurrence"), field(f, "start"), ""),
        _ => (field(f, "event"), "", field(f, "expected")),
    };
    let total = match figure_cell(field(f, "total"), lang) {
        Ok(t) => t,
        Err(why) => return Ok(Err(Done::Refused(why))),
    };
    let cell = |name: &str| field(f, name).to_owned();
    Ok(Ok(TASK_COLUMNS
        .iter()
        .map(|c| match *c {
            "deadline" => deadline.to_owned(),
            "start" => start.to_owned(),
            "expected" => expected.to_owned(),
            "status" => "open".to_owned(),
            "department" => cell("owner"),
            "task" => cell("code"),
            "done" => String::new(),
            "total" => total.clone(),
            other => cell(other),
        })
        .collect()))
}

/// A task's row with the owner, status, date done and result of the assignment form.
fn assigned_row(m: &Monitor, f: &Fields, lang: Lang) -> TaskRowOrNot {
    let code = field(f, "task");
    let Some(mut task) = m.tasks()?.into_iter().find(|t| t.code == code) else {
        return Ok(Err(Done::Refused(format!("{code:?}?"))));
    };
    if let Err(refused) = typed_progress(&mut task, f, lang) {
        return Ok(Err(refused));
    }
    let owner = field(f, "owner");
    if !owner.is_empty() {
        owner.clone_into(&mut task.department);
    }
    Ok(Ok(task.to_row()))
}

pub(super) async fn create(
    State(state): State<Shared>,
    auth: Auth,
    Form(f): Form<Fields>,
) -> Response {
    write_task(state, auth, f, new_task_row).await
}

pub(super) async fn assign(
    State(state): State<Shared>,
    auth: Auth,
    Form(f): Form<Fields>,
) -> Response {
    write_task(state, auth, f, assigned_row).await
}
