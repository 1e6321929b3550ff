//! A department's home page (`/department/{code}`): the sector targets the scenario assigns
//! it with their deadlines, its indicators' pace against the plan and the scenario side by
//! side, its monthly report form and upload, its tasks with a progress form, and its findings.
//! A department account reads and writes its own page only; the administrator, the Office, a
//! leader and a reader read every department's (the forms are in `department_forms`).

use unicode_normalization::UnicodeNormalization;

use super::prelude::*;
use super::respond::on_monitor;
use crate::date::Month;
use crate::monitoring::digest::department_key;
use crate::monitoring::{Deadline, Finding, Indicator, Monitor, Pace, Task};

speaks!(DepartmentPage);

/// A department's code in its page's address: its Vietnamese name without accents, lower
/// case, words joined by `-` (`so-cong-thuong` for `Sở Công Thương / Department of Industry
/// and Trade`).
pub(super) fn department_code(name: &str) -> String {
    let bare: String = vietnamese_name_unaccented(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    bare.split_whitespace().collect::<Vec<_>>().join("-")
}

/// The Vietnamese half of a department's name (before ` / `) in lower case without its
/// accents, `đ` read as `d` (`so cong thuong` for `Sở Công Thương / Department of Industry and
/// Trade`): what its page's address and its demonstration account are made of.
pub(super) fn vietnamese_name_unaccented(name: &str) -> String {
    let vi = name.split(" / ").next().unwrap_or(name);
    vi.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if matches!(c, 'Đ' | 'đ') { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the account may do on the page of `department`: `None` if it may not read it.
pub(super) fn access(a: &Account, department: &str) -> Option<bool> {
    match a.role {
        Role::Department => a
            .department
            .as_deref()
            .filter(|own| department_key(own) == department_key(department))
            .map(|_| true),
        Role::Admin => Some(true),
        Role::Office | Role::Leader | Role::Viewer => Some(false),
        Role::Investor | Role::Treasury => None,
    }
}

/// The department whose address code is `code`, among the store's.
pub(super) fn department_of_code(m: &Monitor, code: &str) -> Result<Option<String>, GrdpsimError> {
    Ok(accounts::departments(&m.tracker())?
        .into_iter()
        .find(|d| department_code(d) == code))
}

/// Whether `name` (an indicator's, a task's, a finding's responsible) is `department`.
pub(super) fn same_department(name: &str, department: &str) -> bool {
    department_key(name) == department_key(department)
}

/// The department's indicators.
pub(super) fn own_indicators(
    m: &Monitor,
    department: &str,
) -> Result<Vec<Indicator>, GrdpsimError> {
    Ok(m.indicators()?
        .into_iter()
        .filter(|i| same_department(&i.department, department))
        .collect())
}

/// The department's tasks.
pub(super) fn own_tasks(m: &Monitor, department: &str) -> Result<Vec<Task>, GrdpsimError> {
    Ok(m.tasks()?
        .into_iter()
        .filter(|t| same_department(&t.department, department))
        .collect())
}

/// What the page shows, read in one go.
pub(super) struct DepartmentData {
    pub(super) department: String,
    pub(super) indicators: Vec<Indicator>,
    pub(super) month: Option<Month>,
    pub(super) pace: Vec<Pace>,
    pub(super) tasks: Vec<Task>,
    pub(super) findings: Vec<Finding>,
    pub(super) findings_month: Option<crate::date::Month>,
}

/// The latest month of the store's year any of `indicators` was reported for.
fn latest_month(m: &Monitor, indicators: &[Indicator]) -> Result<Option<Month>, GrdpsimError> {
    let year = format!("{}-", m.year());
    let mut latest: Option<String> = None;
    for i in indicators {
        for v in m.monthly_values(&i.code)? {
            if v.month.starts_with(&year) && latest.as_ref().is_none_or(|l| &v.month > l) {
                latest = Some(v.month);
            }
        }
    }
    Ok(latest.and_then(|l| l.parse().ok()))
}

/// Reads what the page of `department` shows: pace at the latest month reported, findings of
/// the latest month recorded (under the server's policy).
pub(super) fn read_department(
    m: &Monitor,
    state: &AppState,
    department: String,
) -> Result<DepartmentData, GrdpsimError> {
    let indicators = own_indicators(m, &department)?;
    let month = latest_month(m, &indicators)?;
    let pace = match month {
        Some(month) => m
            .pace(month)?
            .into_iter()
            .filter(|p| indicators.iter().any(|i| i.code == p.indicator.code))
            .collect(),
        None => Vec::new(),
    };
    let findings_month = m.latest_recorded_month()?;
    let findings = match &findings_month {
        Some(month) => m
            .recorded(*month, &state.options.policy)?
            .findings
            .into_iter()
            .filter(|f| same_department(&f.responsible, &department))
            .collect(),
        None => Vec::new(),
    };
    Ok(DepartmentData {
        tasks: own_tasks(m, &department)?,
        department,
        indicators,
        month,
        pace,
        findings,
        findings_month,
    })
}

/// A sector target the scenario assigns the department.
struct Assigned {
    sector: String,
    period: String,
    growth: String,
    deadline: String,
}

/// An indicator's pace, as the page writes it.
struct PaceRow {
    code: String,
    name: String,
    unit: String,
    to_date: String,
    expected: String,
    plan: String,
    plan_pct: String,
    scenario: String,
    scenario_pct: String,
}

/// A task, as the page writes it.
struct TaskRow {
    code: String,
    section: String,
    title: String,
    deadline: String,
    status: &'static str,
    progress: String,
    result: String,
}

/// A finding, as the page writes it.
struct FindingRow {
    class: &'static str,
    subject: String,
    statement: String,
}

/// The department's page body (`templates/department.html`).
#[derive(Template)]
#[template(path = "department.html")]
struct DepartmentPage<'a> {
    lang: Lang,
    code: &'a str,
    department: &'a str,
    /// Whether the account may post the page's forms.
    writes: bool,
    csrf: &'a str,
    done: Option<&'a str>,
    refused: Option<&'a str>,
    assigned: Option<Vec<Assigned>>,
    month: String,
    pace: Vec<PaceRow>,
    indicators: Vec<(String, String)>,
    tasks: Vec<TaskRow>,
    statuses: Vec<(&'static str, &'static str)>,
    findings_month: String,
    findings: Vec<FindingRow>,
}

/// What a form did: saved (`true`) or refused, and the words to show.
pub(super) type Outcome = Option<(bool, String)>;

/// What a form did as the page's two messages: what was saved, or why not.
pub(super) fn split_outcome(outcome: Option<&(bool, String)>) -> (Option<&str>, Option<&str>) {
    match outcome {
        Some((true, m)) => (Some(m.as_str()), None),
        Some((false, m)) => (None, Some(m.as_str())),
        None => (None, None),
    }
}

/// The sector targets the scenario served assigns `department`, with their deadlines (`None`
/// without a scenario).
fn assigned(state: &AppState, department: &str, lang: Lang) -> Option<Vec<Assigned>> {
    let sc = state.options.scenario.as_ref()?;
    let targets = sc.targets();
    let mut out = Vec::new();
    for o in sc
        .owners()
        .into_iter()
        .filter(|o| same_department(&o.department, department))
    {
        for t in targets.iter().filter(|t| t.sector == o.sector) {
            let period = t.period.clone();
            if o.period.as_ref().is_some_and(|p| *p != period) {
                continue;
            }
            out.push(Assigned {
                sector: t.sector.clone(),
                period,
                growth: format!("{} %", lang.grouped(t.growth_pct, 2)),
                deadline: o.deadline.clone().unwrap_or_default(),
            });
        }
    }
    Some(out)
}

/// A deadline as the page writes it in `lang`: the date, or the recurrence or event with its
/// date ("hằng tháng trước ngày 25 (2025-07-25)").
pub(super) fn deadline_text(d: &Deadline, lang: Lang) -> String {
    match d {
        Deadline::Date(date) => date.to_string(),
        other => format!("{} ({})", other.label(lang), other.date()),
    }
}

fn number(lang: Lang, x: Option<f64>) -> String {
    x.filter(|v| v.is_finite()).map_or_else(
        || LoopMsg::NoValue.text(lang).to_owned(),
        |v| lang.grouped(v, 1),
    )
}

/// The department's page, with what a form did.
pub(super) fn department_page(
    state: &AppState,
    auth: &Auth,
    d: &DepartmentData,
    outcome: &Outcome,
) -> Response {
    let lang = auth.lang;
    let code = department_code(&d.department);
    let (done, refused) = split_outcome(outcome.as_ref());
    let body = DepartmentPage {
        lang,
        code: &code,
        department: &d.department,
        writes: access(&auth.account, &d.department) == Some(true),
        csrf: &auth.csrf,
        done,
        refused,
        assigned: assigned(state, &d.department, lang),
        month: d.month.map(|m| m.to_string()).unwrap_or_default(),
        pace: d
            .pace
            .iter()
            .map(|p| PaceRow {
                code: p.indicator.code.clone(),
                name: lang
                    .pick(&p.indicator.name_en, &p.indicator.name_vi)
                    .to_owned(),
                unit: lang.unit(&p.indicator.unit).to_owned(),
                to_date: number(lang, p.to_date),
                expected: number(lang, Some(p.expected_pct)),
                plan: number(lang, p.plan_target),
                plan_pct: number(lang, p.plan_reached_pct),
                scenario: number(lang, p.scenario_target),
                scenario_pct: number(lang, p.scenario_reached_pct),
            })
            .collect(),
        indicators: d
            .indicators
            .iter()
            .map(|i| (i.code.clone(), lang.pick(&i.name_en, &i.name_vi).to_owned()))
            .collect(),
        tasks: d
            .tasks
            .iter()
            .map(|t| TaskRow {
                code: t.code.clone(),
                section: t.section.clone(),
                title: t.title.clone(),
                deadline: deadline_text(&t.deadline, lang),
                status: t.status.label(lang),
                progress: t
                    .quantity
                    .as_ref()
                    .map_or_else(|| t.progress.clone(), |q| q.describe(lang)),
                result: t.result.clone(),
            })
            .collect(),
        statuses: super::department_forms::status_options(lang),
        findings_month: d.findings_month.map(|m| m.to_string()).unwrap_or_default(),
        findings: d
            .findings
            .iter()
            .map(|f| FindingRow {
                class: f.severity.as_str(),
                subject: f.subject.clone(),
                statement: f.statement(lang),
            })
            .collect(),
    };
    let mut r = auth.page(&d.department, &render(&body));
    if refused.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// The department of `code` after the access check, or the refusal (404 for a code the store
/// does not know, 403 for another department's page): reads `f` then.
pub(super) async fn with_department<T: Send + 'static>(
    state: &Shared,
    auth: &Auth,
    code: String,
    write: bool,
    f: impl FnOnce(&mut Monitor, String) -> Result<T, GrdpsimError> + Send + 'static,
) -> Result<T, Response> {
    let lang = auth.lang;
    let account = auth.account.clone();
    let c = code.clone();
    let out = on_monitor(state, lang, move |m| {
        let Some(d) = department_of_code(m, &c)? else {
            return Ok(Err(false));
        };
        match access(&account, &d) {
            Some(w) if w || !write => f(m, d).map(Ok),
            _ => Ok(Err(true)),
        }
    })
    .await?;
    out.map_err(|known| {
        if known {
            forbidden(lang, LoopMsg::NotYourDepartment.text(lang))
        } else {
            not_found(lang, &code)
        }
    })
}

pub(super) async fn department(
    State(state): State<Shared>,
    auth: Auth,
    Path(code): Path<String>,
) -> Response {
    let s = state.clone();
    match with_department(&state, &auth, code, false, move |m, d| {
        read_department(m, &s, d)
    })
    .await
    {
        Ok(d) => department_page(&state, &auth, &d, &None),
        Err(r) => r,
    }
}
