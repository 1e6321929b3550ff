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
async fn save_row(
    state: &Shared,
    auth: &Auth,
    form_name: &'static str,
    fields: Fields,
    header: &[&str],
    cells: Vec<String>,
) -> Response {
    let lang = auth.lang;
    let code = field(&fields, "project").to_owned();
    let table = RawTable::from_rows(None, header, vec![cells]);
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

/// A form that writes a project's figures, extracted after the access check: the account, the
/// form's fields (its CSRF token checked) and the project, the investor's own for an investor
/// (whatever the URL it was reached from), any for the administrator; with `TREASURY`, any
/// project for the Treasury and the administrator. A refusal is the response.
pub(super) struct Writable<const TREASURY: bool> {
    pub state: Shared,
    pub auth: Auth,
    pub fields: Fields,
    pub project: ProjectInfo,
}

impl<const TREASURY: bool> FromRequest<Shared> for Writable<TREASURY> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &Shared) -> Result<Self, Response> {
        let (auth, fields) = auth_and_form(req, state).await?;
        let project = writable_project(state, &auth, &fields, TREASURY).await?;
        Ok(Self {
            state: state.clone(),
            auth,
            fields,
            project,
        })
    }
}

/// The account and the fields of a form (the CSRF token not yet checked), or the refusal.
pub(super) async fn auth_and_form(
    req: Request,
    state: &Shared,
) -> Result<(Auth, Fields), Response> {
    let (mut parts, body) = req.into_parts();
    let auth = Auth::from_request_parts(&mut parts, state).await?;
    let Form(fields) = Form::<Fields>::from_request(Request::from_parts(parts, body), state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok((auth, fields))
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

impl<const TREASURY: bool> Writable<TREASURY> {
    /// Saves the row `cells` of the layout `header` typed in the form `form_name` (see
    /// [`save_row`]).
    async fn save(self, form_name: &'static str, header: &[&str], cells: Vec<String>) -> Response {
        save_row(
            &self.state,
            &self.auth,
            form_name,
            self.fields,
            header,
            cells,
        )
        .await
    }

    /// The project's page again with the form as typed and `why` next to its field `name`: a
    /// field refused before the import (a number not read, a status not in the list).
    async fn refuse(self, form_name: &'static str, name: &str, why: String) -> Response {
        let code = field(&self.fields, "project").to_owned();
        let form = FormState {
            form: form_name,
            values: self.fields,
            errors: HashMap::from([(name.to_owned(), why)]),
            done: None,
        };
        render_project(&self.state, &self.auth, code, form).await
    }

    /// A week's amount typed in the form `form_name` (in its field `amount_field`), saved as
    /// one row of `header` whose cells `cells` makes of the project, the week and the amount as
    /// the import reads it.
    async fn save_week_amount(
        self,
        (form_name, amount_field): (&'static str, &str),
        header: &[&str],
        cells: impl FnOnce(String, String, String) -> Vec<String>,
    ) -> Response {
        let amount = match amount_cell(field(&self.fields, amount_field), self.auth.lang) {
            Ok(a) => a,
            Err(why) => return self.refuse(form_name, amount_field, why).await,
        };
        let week = field(&self.fields, "week_ending").to_owned();
        let cells = cells(self.project.code.clone(), week, amount);
        self.save(form_name, header, cells).await
    }

    /// A payment typed in the form `form_name`: a week's amount paid by `source` in the
    /// payments layout, with the capital source typed (empty: the project's own).
    pub(super) async fn save_payment(
        self,
        form_name: &'static str,
        source: PaymentSource,
    ) -> Response {
        let capital_source = field(&self.fields, "capital_source").to_owned();
        let cells = |p, w, a| vec![p, w, source.as_str().to_owned(), a, capital_source];
        self.save_week_amount((form_name, "amount"), PAYMENT_LINE_COLUMNS, cells)
            .await
    }
}

/// The investor's payment in a week of its project.
pub(super) async fn week(w: Writable<false>) -> Response {
    w.save_payment("week", PaymentSource::Investor).await
}

/// A week of the investor's own plan for its project (the weekly plans layout's row).
pub(super) async fn weekly_plan(w: Writable<false>) -> Response {
    let cells = |p, w, a| vec![p, w, a];
    w.save_week_amount(("plan", "planned"), WEEKLY_PLAN_COLUMNS, cells)
        .await
}

/// An investor's withdrawal of its own figure for a week (an entry made by mistake), audited
/// under the account's name; the project's page shows what was done or why not.
pub(super) async fn withdraw(
    Writable {
        state,
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

pub(super) async fn obstacle(w: Writable<false>) -> Response {
    let Some(status) = obstacle_status(field(&w.fields, "status")) else {
        let why = Msg::NotAStatus.text(w.auth.lang).to_owned();
        return w.refuse("obstacle", "status", why).await;
    };
    let mut cells = vec![w.project.code.clone()];
    cells.extend(OBSTACLE_COLUMNS[1..].iter().map(|h| match *h {
        "status" => status.to_owned(),
        _ => field(&w.fields, h).to_owned(),
    }));
    w.save("obstacle", OBSTACLE_COLUMNS, cells).await
}

pub(super) async fn responsible(w: Writable<false>) -> Response {
    let p = w.project.clone();
    // The projects layout carries the project's other columns unchanged.
    let cells = vec![
        p.code,
        p.name,
        p.investor,
        p.investor_name,
        field(&w.fields, "responsible").to_owned(),
        p.source,
        p.location,
    ];
    w.save("responsible", PROJECT_COLUMNS, cells).await
}
