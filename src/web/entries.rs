//! One row typed in a form, imported as the command-line import would: the weekly report,
//! a withdrawal, an obstacle, the responsible person, a week of the investor's plan.

use super::forms::{amount_cell, obstacle_status, FormState};
use super::investor::render_project;
use super::prelude::*;
use crate::disbursement::{
    PaymentSource, ProjectInfo, RawTable, OBSTACLE_COLUMNS, PROJECT_COLUMNS, WEEKLY_PLAN_COLUMNS,
};
use crate::monitoring::Date;
use axum::extract::{FromRequest, FromRequestParts, Request};

/// A payment typed in a form: the payments layout with its capital source (empty: the
/// project's own).
pub(super) const PAYMENT_LINE_COLUMNS: &[&str] = &[
    "project",
    "week_ending",
    "source",
    "amount",
    "capital_source",
];

/// "Saved: 1 new, 0 changed, 0 unchanged": what an import of a form did.
pub(super) fn saved_text(lang: Lang, inserted: usize, updated: usize, unchanged: usize) -> String {
    format!(
        "{}: {inserted} {}, {updated} {}, {unchanged} {}",
        Msg::Saved.text(lang),
        Msg::New.text(lang),
        Msg::Changed.text(lang),
        Msg::Unchanged.text(lang),
    )
}

/// Imports one row typed in a form, as the command-line import would, and shows the project
/// again: with the import's verdict next to the fields it names, or with what was saved.
pub(super) async fn save_row(
    state: &Shared,
    auth: &Auth,
    form_name: &'static str,
    fields: Fields,
    header: &[&str],
    cells: Vec<String>,
) -> Response {
    let lang = auth.lang;
    let code = field(&fields, "project").to_owned();
    let table = RawTable {
        sheet: None,
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows: vec![(2, cells)],
    };
    let who = auth.account.name.clone();
    let source_name = format!("web form {form_name}");
    let out = db(state, lang, move |t| {
        Ok(t.import_tables(&source_name, vec![table], &who))
    })
    .await;
    let mut form = FormState {
        form: form_name,
        values: fields,
        ..FormState::default()
    };
    match out {
        Ok(Ok(report)) => {
            form.done = Some(saved_text(
                lang,
                report.inserted,
                report.updated,
                report.unchanged,
            ));
            form.values.clear();
        }
        Ok(Err(GrdpsimError::ImportRejected { problems, .. })) => {
            for p in problems {
                form.errors
                    .entry(p.column.clone())
                    .or_insert_with(|| format!("{} ({:?})", p.reason_in(lang), p.value));
            }
        }
        Ok(Err(e)) => return internal(lang, &e),
        Err(r) => return r,
    }
    render_project(state, auth, code, form).await
}

/// The project's page again with the form as typed and `why` next to its field `name`: a field
/// refused before the import (a number not read, a status not in the list).
pub(super) async fn refuse_field(
    state: &Shared,
    auth: &Auth,
    form_name: &'static str,
    fields: Fields,
    name: &str,
    why: String,
) -> Response {
    let code = field(&fields, "project").to_owned();
    let form = FormState {
        form: form_name,
        values: fields,
        errors: HashMap::from([(name.to_owned(), why)]),
        done: None,
    };
    render_project(state, auth, code, form).await
}

/// A form that writes a project's figures, extracted after the access check: the account, the
/// form's fields (its CSRF token checked) and the project, the investor's own for an investor
/// (whatever the URL it was reached from), any for the administrator; with `TREASURY`, any
/// project for the Treasury and the administrator. A refusal is the response.
pub(super) struct Writable<const TREASURY: bool> {
    pub auth: Auth,
    pub fields: Fields,
    pub project: ProjectInfo,
}

impl<const TREASURY: bool> FromRequest<Shared> for Writable<TREASURY> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &Shared) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let auth = Auth::from_request_parts(&mut parts, state).await?;
        let Form(fields) = Form::<Fields>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let project = writable_project(state, &auth, &fields, TREASURY).await?;
        Ok(Self {
            auth,
            fields,
            project,
        })
    }
}

/// The project of a form, after the access check (see [`Writable`]).
async fn writable_project(
    state: &Shared,
    auth: &Auth,
    fields: &Fields,
    treasury: bool,
) -> Result<ProjectInfo, Response> {
    auth.check_csrf(fields)?;
    let code = field(fields, "project").to_owned();
    let c = code.clone();
    let info = read(state, auth.lang, move |t| t.project_info(&c)).await?;
    let a = &auth.account;
    match info {
        Some(p) if treasury && matches!(a.role, Role::Treasury | Role::Admin) => Ok(p),
        Some(p) if !treasury && a.may_write_investor_figures(&p.investor) => Ok(p),
        _ => Err(auth.refuse_project(&code)),
    }
}

/// A week's amount typed in an investor's form `form_name` (in its field `amount_field`),
/// saved as one row of `header` whose cells `cells` makes of the project, the week and the
/// amount as the import reads it.
async fn save_week_amount(
    state: &Shared,
    auth: &Auth,
    f: Fields,
    p: ProjectInfo,
    (form_name, amount_field): (&'static str, &str),
    header: &[&str],
    cells: impl FnOnce(String, String, String) -> Vec<String>,
) -> Response {
    let amount = match amount_cell(field(&f, amount_field), auth.lang) {
        Ok(a) => a,
        Err(why) => return refuse_field(state, auth, form_name, f, amount_field, why).await,
    };
    let cells = cells(p.code, field(&f, "week_ending").to_owned(), amount);
    save_row(state, auth, form_name, f, header, cells).await
}

/// The investor's payment in a week of its project.
pub(super) async fn week(
    State(state): State<Shared>,
    Writable {
        auth,
        fields: f,
        project: p,
    }: Writable<false>,
) -> Response {
    let source = field(&f, "capital_source").to_owned();
    let cells = |p, w, a| vec![p, w, "investor".to_owned(), a, source];
    save_week_amount(
        &state,
        &auth,
        f,
        p,
        ("week", "amount"),
        PAYMENT_LINE_COLUMNS,
        cells,
    )
    .await
}

/// A week of the investor's own plan for its project (the weekly plans layout's row).
pub(super) async fn weekly_plan(
    State(state): State<Shared>,
    Writable {
        auth,
        fields: f,
        project: p,
    }: Writable<false>,
) -> Response {
    let cells = |p, w, a| vec![p, w, a];
    save_week_amount(
        &state,
        &auth,
        f,
        p,
        ("plan", "planned"),
        WEEKLY_PLAN_COLUMNS,
        cells,
    )
    .await
}

/// An investor's withdrawal of its own figure for a week (an entry made by mistake), audited
/// under the account's name; the project's page shows what was done or why not.
pub(super) async fn withdraw(
    State(state): State<Shared>,
    Writable {
        auth,
        fields: f,
        project: p,
    }: Writable<false>,
) -> Response {
    let lang = auth.lang;
    let week = field(&f, "week_ending").to_owned();
    let who = auth.account.name.clone();
    let code = p.code.clone();
    let out = db(&state, lang, move |t| {
        Ok(Date::parse_arg("week_ending", &week).and_then(|d| {
            t.withdraw(&code, d, PaymentSource::Investor, &who)
                .map(|()| d)
        }))
    })
    .await;
    let mut form = FormState {
        form: "withdraw",
        values: f,
        ..FormState::default()
    };
    match out {
        Ok(Ok(d)) => {
            form.done = Some(format!(
                "{} {} {d}",
                Msg::WithdrawnTheInvestorsFigureForThe.text(lang),
                p.code
            ));
            form.values.clear();
        }
        Ok(Err(e @ (GrdpsimError::InvalidDate { .. } | GrdpsimError::NoSuchEntry { .. }))) => {
            let text = match &e {
                GrdpsimError::NoSuchEntry { week_ending, .. } => {
                    format!(
                        "{} {week_ending}",
                        Msg::NoInvestorFigureForTheWeek.text(lang)
                    )
                }
                GrdpsimError::InvalidDate { value, .. } => {
                    format!("{value:?} {}", Msg::NotADate.text(lang))
                }
                _ => e.message(lang),
            };
            form.errors.insert("week_ending".into(), text);
        }
        Ok(Err(e)) => return internal(lang, &e),
        Err(r) => return r,
    }
    render_project(&state, &auth, p.code, form).await
}

pub(super) async fn obstacle(
    State(state): State<Shared>,
    Writable {
        auth,
        fields: f,
        project: p,
    }: Writable<false>,
) -> Response {
    let Some(status) = obstacle_status(field(&f, "status")) else {
        let why = Msg::NotAStatus.text(auth.lang).to_owned();
        return refuse_field(&state, &auth, "obstacle", f, "status", why).await;
    };
    let mut cells = vec![p.code];
    cells.extend(OBSTACLE_COLUMNS[1..].iter().map(|h| match *h {
        "status" => status.to_owned(),
        _ => field(&f, h).to_owned(),
    }));
    save_row(&state, &auth, "obstacle", f, OBSTACLE_COLUMNS, cells).await
}

pub(super) async fn responsible(
    State(state): State<Shared>,
    Writable {
        auth,
        fields: f,
        project: p,
    }: Writable<false>,
) -> Response {
    // The projects layout carries the project's other columns unchanged.
    let cells = vec![
        p.code,
        p.name,
        p.investor,
        p.investor_name,
        field(&f, "responsible").to_owned(),
        p.source,
        p.location,
    ];
    save_row(&state, &auth, "responsible", f, PROJECT_COLUMNS, cells).await
}
